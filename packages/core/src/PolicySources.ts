import type { Policy, PolicyRegistry } from '@brane/policy-engine';

/** A runtime's policies by where they came from (a policy instance or function), so that `unuse` can remove them. */
export class PolicySources {
  readonly #policies: PolicyRegistry;
  readonly #sources = new Map<object, Policy[]>();

  constructor(policies: PolicyRegistry) {
    this.#policies = policies;
  }

  /** Whether policies were registered from `source`. */
  has(source: object): boolean {
    return this.#sources.has(source);
  }

  /** Registers `policies`, from `source`. */
  add(source: object, policies: readonly Policy[]): void {
    this.#policies.addAll(policies);
    const registered = this.#sources.get(source);
    if (registered === undefined) this.#sources.set(source, [...policies]);
    else registered.push(...policies);
  }

  /** Removes the policies registered from `source`; returns whether there were any. */
  remove(source: object): boolean {
    const policies = this.#sources.get(source);
    if (policies === undefined) return false;
    for (const policy of policies) this.#policies.remove(policy);
    this.#sources.delete(source);
    return true;
  }
}
