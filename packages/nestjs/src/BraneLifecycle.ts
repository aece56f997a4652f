import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { declarationsOf, type Runtime } from '@brane/core';
import { ConfigurationError } from '@brane/errors';
import { isMarkedPolicyClass } from './BranePolicies.js';
import { governOnInjection } from './governOnInjection.js';
import type { ResolvedBraneSetup } from './parseBraneOptions.js';
import { providersInScope, type ProviderWrapper } from './providersInScope.js';

/**
 * Wires the container's providers to the runtime when the module initialises, and closes the runtime when
 * the application shuts down. A global `BraneModule`'s hooks run before every other module's (Nest gives
 * global modules the greatest distance), so agents are governed before any other `onModuleInit` runs.
 *
 * Policies are registered in the order Nest scanned their providers (the root module first, then each import
 * depth-first in the order listed; within a module, the order of its `providers`). Priority decides the
 * order policies run in; this order only breaks ties.
 */
export class BraneLifecycle implements OnModuleInit, OnApplicationShutdown {
  readonly #logger = new Logger('BraneModule');

  constructor(
    private readonly runtime: Runtime,
    private readonly discovery: DiscoveryService,
    private readonly modules: ModulesContainer,
    private readonly setup: ResolvedBraneSetup,
  ) {}

  onModuleInit(): void {
    const providers = providersInScope(this.discovery, this.modules, this.setup);
    const lateCapabilities = new Set<string>();
    for (const provider of providers) this.#governAgents(provider, lateCapabilities);
    // Transient and request-scoped agents are governed when they are made: their capabilities are known now.
    if (lateCapabilities.size > 0) this.runtime.declareDynamicCapabilities((name) => lateCapabilities.has(name));
    for (const provider of providers) this.#usePolicies(provider);
    this.#checkTargets(lateCapabilities);
  }

  /** Flushes the audit trail and closes its sinks once the HTTP server has stopped taking requests. */
  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }

  #governAgents(provider: ProviderWrapper, late: Set<string>): void {
    for (const instance of provider.instances) {
      if (instance !== this.runtime && declarationsOf(instance).capabilities.length > 0) this.runtime.govern(instance);
    }
    const agentClass = provider.createsLater;
    if (agentClass === undefined) return;
    const { capabilities } = declarationsOf(agentClass);
    if (capabilities.length === 0) return;
    governOnInjection(agentClass);
    for (const { capability } of capabilities) late.add(capability.name);
  }

  #usePolicies(provider: ProviderWrapper): void {
    const candidates = provider.createsLater === undefined ? provider.instances : [provider.createsLater];
    for (const candidate of candidates) {
      const declared = declarationsOf(candidate).policies.length > 0;
      const marked = isMarkedPolicyClass(typeof candidate === 'function' ? candidate : candidate.constructor);
      if (marked && !declared) {
        throw new ConfigurationError(
          'INVALID_DECORATOR_USAGE',
          `BraneModule: \`${provider.name}\` is marked @BranePolicies but has no @BeforeCapability or @AfterCapability methods`,
        );
      }
      if (!declared || (this.setup.policies === 'marked' && !marked)) continue;
      if (provider.scope !== 'a singleton') {
        throw new ConfigurationError(
          'INVALID_OPTIONS',
          `BraneModule: the policy class \`${provider.name}\` must be a singleton provider (it is ${provider.scope}); policies are registered once, at start-up`,
        );
      }
      this.runtime.use(candidate);
    }
  }

  /** Policies that target a capability no agent declares: a typo, or an agent that is not a provider. */
  #checkTargets(late: ReadonlySet<string>): void {
    if (this.setup.unknownTargets === 'ignore') return;
    const problems = this.runtime.validate().problems.filter((problem) => !late.has(problem.target));
    if (problems.length === 0) return;
    if (this.setup.unknownTargets === 'throw') {
      throw new ConfigurationError('UNKNOWN_TARGET', `BraneModule: ${problems.map((p) => p.message).join('; ')}`, {
        details: { problems },
      });
    }
    for (const problem of problems) this.#logger.warn(problem.message);
  }
}
