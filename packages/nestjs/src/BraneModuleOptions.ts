import type { BraneError } from '@brane/errors';
import type { RuntimeOptions } from '@brane/core';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { IdentifyRequest } from './RequestIdentity.js';

/**
 * What `BraneModule.forRoot` takes, and what the factory of `forRootAsync` returns: the runtime's options and
 * how a request's identity is read. Stores and sinks may come from other providers (`forRootAsync`).
 */
export interface BraneOptions {
  /** The options of `new Runtime(...)`: agent id, environment, approvals store, audit sinks, ... */
  readonly runtime?: RuntimeOptions | undefined;
  /**
   * Reads the identity of each request (tenant, principal, scopes). Without it every request is anonymous:
   * it runs with no identity, never as the runtime's own tenant or principal.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the request type is the application's
  readonly identify?: IdentifyRequest<any> | undefined;
  /** How Brane errors become HTTP responses. */
  readonly errors?: BraneErrorOptions | undefined;
}

/** How `BraneExceptionFilter` answers a Brane error. */
export interface BraneErrorOptions {
  /** Reasons longer than this are cut, and the response says so. Default 1,000 characters. */
  readonly maxReasonLength?: number | undefined;
  /** Overrides the status of an error; return `undefined` to keep the default mapping. */
  readonly status?: ((error: BraneError) => number | undefined) | undefined;
}

/** What decides the shape of the module, and so must be known when it is imported (not from a factory). */
export interface BraneModuleSetup {
  /** `true` (the default): one runtime for the whole application, injectable everywhere. `false`: scoped to the modules that import it. */
  readonly global?: boolean | undefined;
  /**
   * Which providers are registered as policy classes: `'all'` (the default), every provider with
   * `@BeforeCapability` / `@AfterCapability` methods; `'marked'`, only classes marked `@BranePolicies()`.
   */
  readonly policies?: 'all' | 'marked' | undefined;
  /** Runs every request in its identity with `BraneContextInterceptor`, as a global interceptor. Default `true`. */
  readonly interceptor?: boolean | undefined;
  /** Answers Brane errors with `BraneExceptionFilter`, as a global filter. Default `true`. */
  readonly filter?: boolean | undefined;
  /**
   * The route that resumes an approved action (`POST`), with an `:approvalId` parameter; `false` for none.
   * Default `brane/approvals/:approvalId/resume`. The 202 answer to an approval links to it.
   */
  readonly resumeRoute?: string | false | undefined;
  /** A policy targeting a capability no agent declares: throw at start-up (the default), log a warning, or ignore. */
  readonly unknownTargets?: 'warn' | 'throw' | 'ignore' | undefined;
}

/** `BraneModule.forRoot(options)`. */
export type BraneModuleOptions = BraneOptions & BraneModuleSetup;

/** `BraneModule.forRootAsync(options)`: the options come from a factory with injected dependencies. */
export interface BraneModuleAsyncOptions extends BraneModuleSetup {
  /** Modules whose providers the factory injects. */
  readonly imports?: ModuleMetadata['imports'];
  /** What the factory is given, in order. */
  readonly inject?: readonly (InjectionToken | OptionalFactoryDependency)[] | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factories take their injected values
  readonly useFactory: (...args: any[]) => BraneOptions | Promise<BraneOptions>;
}
