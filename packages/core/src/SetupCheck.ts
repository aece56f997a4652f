import { BraneError, describeValue } from '@brane/errors';
import type { PolicyRegistry } from '@brane/policy-engine';
import type { CapabilityInvoker } from './CapabilityInvoker.js';
import type { CapabilityRegistry } from './CapabilityRegistry.js';
import { assertNotMinified, findMinifiedParams } from './minifiedParams.js';
import { unknownTargetError, validatePolicies, type ValidationReport } from './ValidationReport.js';

/**
 * Checks a runtime's setup: policies on targets nothing declares, and policies reading arguments a minifier
 * renamed. `runtime.validate()` reports them; the next governed call after each registration is refused by them.
 */
export class SetupCheck {
  readonly #policies: PolicyRegistry;
  readonly #capabilities: CapabilityRegistry;
  readonly #invoker: CapabilityInvoker;
  /** Whether a policy on an unknown target refuses governed calls (`unknownTargets: 'throw'`, the default). */
  readonly #refusesUnknownTargets: boolean;
  /** Predicates of capability names that are registered as they are discovered (`declareDynamicCapabilities`). */
  readonly #dynamic: ((name: string) => boolean)[] = [];

  constructor(
    policies: PolicyRegistry,
    capabilities: CapabilityRegistry,
    invoker: CapabilityInvoker,
    refusesUnknownTargets: boolean,
  ) {
    this.#policies = policies;
    this.#capabilities = capabilities;
    this.#invoker = invoker;
    this.#refusesUnknownTargets = refusesUnknownTargets;
  }

  /** Every unknown target and every argument read by a minified name (see `runtime.validate`). */
  validate(): ValidationReport {
    const unknown = this.#unknownTargets();
    const minified = findMinifiedParams(this.#policies.list(), this.#capabilities.list());
    return { ok: unknown.ok && minified.length === 0, problems: [...unknown.problems, ...minified] };
  }

  /** Declares capability names registered later, as they are discovered (see `runtime.declareDynamicCapabilities`). */
  declareDynamic(matches: (name: string) => boolean): void {
    if (typeof matches !== 'function') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.declareDynamicCapabilities: expected a function of a capability name (got ${describeValue(matches)})`,
      );
    }
    this.#dynamic.push(matches);
  }

  /**
   * Has the next governed call check the setup first: a policy on an unknown target (`UNKNOWN_TARGET`, unless
   * `unknownTargets: 'ignore'`) or reading arguments a minifier renamed (`UNRESOLVED_PARAMS`) refuses it.
   */
  checkBeforeNextCall(): void {
    this.#invoker.checkBeforeNextCall(() => {
      const unknown = this.#refusesUnknownTargets ? this.#unknownTargets() : undefined;
      if (unknown?.ok === false) throw unknownTargetError(unknown);
      assertNotMinified(this.#policies.list(), this.#capabilities.list());
    });
  }

  #unknownTargets(): ValidationReport {
    return validatePolicies(
      this.#policies.list(),
      (name) => this.#capabilities.hasName(name) || this.#dynamic.some((matches) => matches(name)),
      () => this.#capabilities.list().map((definition) => definition.name),
    );
  }
}
