import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, DiscoveryModule, DiscoveryService, ModulesContainer } from '@nestjs/core';
import { Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import { BRANE_OPTIONS } from './BRANE_OPTIONS.js';
import { BraneContextInterceptor } from './BraneContextInterceptor.js';
import { BraneExceptionFilter } from './BraneExceptionFilter.js';
import { BraneLifecycle } from './BraneLifecycle.js';
import type { BraneModuleAsyncOptions, BraneModuleOptions, BraneOptions } from './BraneModuleOptions.js';
import { BraneRequestContext } from './BraneRequestContext.js';
import { createResumeController } from './createResumeController.js';
import { parseBraneOptions, parseBraneSetup, type ResolvedBraneSetup } from './parseBraneOptions.js';

/** The options as given (or as the async factory returned them), before validation. Module-private. */
const GIVEN_OPTIONS: unique symbol = Symbol('brane.nestjs.givenOptions');

/**
 * Brane in a Nest application: provides and exports the `Runtime`; at start-up registers every policy
 * provider with `runtime.use` and governs every provider with `@Capability` methods; runs each request in
 * its identity; answers Brane errors over HTTP; closes the runtime (flushing the audit trail) on shutdown.
 *
 * @example
 * @Module({
 *   imports: [BraneModule.forRoot({ runtime: { agentId: 'support-agent', environment: 'prod' }, identify: (req) => req.user })],
 *   providers: [SupportAgent, RefundPolicies, TenantLimits],
 * })
 * export class AppModule {}
 */
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module: its static methods build it
export class BraneModule {
  /** A `BraneModule` with options known when the module is imported. */
  static forRoot(options: BraneModuleOptions = {}): DynamicModule {
    const where = 'BraneModule.forRoot';
    if (typeof options !== 'object' || options === null) {
      throw new BraneError('INVALID_ARGUMENT', `${where}: expected an options object (got ${describeValue(options)})`);
    }
    const { runtime, identify, errors, ...rest } = options;
    const setup = parseBraneSetup(rest, where);
    const given: BraneOptions = { runtime, identify, errors };
    parseBraneOptions(given, setup, where);
    return moduleFor(setup, { provide: GIVEN_OPTIONS, useValue: given }, []);
  }

  /**
   * A `BraneModule` whose options come from a factory with injected dependencies: an approval store or an
   * audit sink from another module, secrets from a config service.
   *
   * @example
   * BraneModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService, AuditSinks],
   *   useFactory: (config: ConfigService, sinks: AuditSinks) => ({ runtime: { audit: { sinks: sinks.all() } } }),
   * })
   */
  static forRootAsync(options: BraneModuleAsyncOptions): DynamicModule {
    const where = 'BraneModule.forRootAsync';
    if (typeof options !== 'object' || options === null || typeof options.useFactory !== 'function') {
      throw new BraneError('INVALID_ARGUMENT', `${where}: expected \`{ useFactory, inject?, imports? }\``);
    }
    const { imports = [], inject = [], useFactory, ...rest } = options;
    const setup = parseBraneSetup(rest, where);
    return moduleFor(setup, { provide: GIVEN_OPTIONS, useFactory, inject: [...inject] }, imports);
  }
}

function moduleFor(
  setup: ResolvedBraneSetup,
  given: Provider,
  imports: NonNullable<DynamicModule['imports']>,
): DynamicModule {
  const providers: Provider[] = [
    given,
    { provide: setup.moduleKey, useValue: setup.instance },
    {
      provide: BRANE_OPTIONS,
      useFactory: (options: BraneOptions) => parseBraneOptions(options, setup, 'BraneModule options'),
      inject: [GIVEN_OPTIONS],
    },
    {
      provide: Runtime,
      // The module checks the targets at start-up, as `unknownTargets` says; the runtime's own check at the
      // first call then only repeats a 'throw' (unless the runtime's options say otherwise).
      useFactory: (options: BraneOptions) =>
        new Runtime({ unknownTargets: setup.unknownTargets === 'throw' ? 'throw' : 'ignore', ...options.runtime }),
      inject: [GIVEN_OPTIONS],
    },
    BraneRequestContext,
    BraneContextInterceptor,
    {
      provide: BraneLifecycle,
      useFactory: (runtime: Runtime, discovery: DiscoveryService, modules: ModulesContainer) =>
        new BraneLifecycle(runtime, discovery, modules, setup),
      inject: [Runtime, DiscoveryService, ModulesContainer],
    },
  ];
  if (setup.interceptor) providers.push({ provide: APP_INTERCEPTOR, useExisting: BraneContextInterceptor });
  if (setup.filter) providers.push({ provide: APP_FILTER, useClass: BraneExceptionFilter });
  return {
    module: BraneModule,
    global: setup.global,
    imports: [DiscoveryModule, ...imports],
    providers,
    controllers: setup.resumeRoute === false ? [] : [createResumeController(setup.resumeRoute)],
    exports: [Runtime, BraneRequestContext, BRANE_OPTIONS],
  };
}
