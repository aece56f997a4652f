import { ConfigurationError } from '@brane/errors';
import type { Policy } from './Policy.js';
import type { PolicyStage } from './PolicyStage.js';

/** The evaluation plan of one capability: its matching policies per stage, in evaluation order. */
export interface PolicyPlans {
  readonly before: readonly Policy[];
  readonly after: readonly Policy[];
}

const NONE: readonly Policy[] = Object.freeze([]);

/**
 * The policies of one runtime, and the evaluation plan of each capability: the enabled policies that match
 * it (by exact name or `*`), highest priority first, ties in registration order. Plans are computed once per
 * capability and dropped whenever the set of policies changes, so evaluation never sorts or filters.
 */
export class PolicyRegistry {
  readonly #order = new Map<Policy, number>();
  readonly #byName = new Map<string, Policy>();
  readonly #byTarget = new Map<string, Policy[]>();
  readonly #plans = new Map<string, PolicyPlans>();
  #sequence = 0;

  /** How many policies are registered. */
  get size(): number {
    return this.#order.size;
  }

  /**
   * Registers a policy. Registering the same policy object again does nothing; a different policy with the
   * same name is a `DUPLICATE_POLICY` error, because decisions and audit records identify policies by name.
   */
  add(policy: Policy): void {
    this.addAll([policy]);
  }

  /** Registers several policies: all of them, or, if one name is taken, none. */
  addAll(policies: readonly Policy[]): void {
    const names = new Map<string, Policy>();
    for (const policy of policies) {
      if (this.#order.has(policy)) continue;
      const existing = names.get(policy.name) ?? this.#byName.get(policy.name);
      if (existing !== undefined && existing !== policy) {
        throw new ConfigurationError(
          'DUPLICATE_POLICY',
          `${policy.declaredAt}: a policy named \`${policy.name}\` is already registered (${existing.declaredAt}); give one of them another \`name\``,
          { details: { name: policy.name, declaredAt: [existing.declaredAt, policy.declaredAt] } },
        );
      }
      names.set(policy.name, policy);
    }
    for (const policy of policies) this.#insert(policy);
  }

  #insert(policy: Policy): void {
    if (this.#order.has(policy)) return;
    this.#order.set(policy, this.#sequence++);
    this.#byName.set(policy.name, policy);
    for (const target of policy.targets) {
      const list = this.#byTarget.get(target);
      if (list === undefined) this.#byTarget.set(target, [policy]);
      else list.push(policy);
    }
    this.#plans.clear();
  }

  /** Removes a policy; returns whether it was registered. */
  remove(policy: Policy): boolean {
    if (!this.#order.delete(policy)) return false;
    this.#byName.delete(policy.name);
    for (const target of policy.targets) {
      const list = this.#byTarget.get(target) ?? [];
      const remaining = list.filter((p) => p !== policy);
      if (remaining.length === 0) this.#byTarget.delete(target);
      else this.#byTarget.set(target, remaining);
    }
    this.#plans.clear();
    return true;
  }

  /** The registered policy named `name`. */
  get(name: string): Policy | undefined {
    return this.#byName.get(name);
  }

  /** Every registered policy, in registration order. */
  list(): readonly Policy[] {
    return [...this.#order.keys()];
  }

  /** The policies to run for `capability`, per stage, in evaluation order: one lookup per call. */
  plans(capability: string): PolicyPlans {
    let plans = this.#plans.get(capability);
    if (plans === undefined) {
      plans = Object.freeze({ before: this.#build(capability, 'before'), after: this.#build(capability, 'after') });
      this.#plans.set(capability, plans);
    }
    return plans;
  }

  /** The policies to run for `capability` at `stage`, in evaluation order. */
  plan(capability: string, stage: PolicyStage): readonly Policy[] {
    return stage === 'before' ? this.plans(capability).before : this.plans(capability).after;
  }

  #build(capability: string, stage: PolicyStage): readonly Policy[] {
    const matching = new Set<Policy>();
    for (const policy of [...(this.#byTarget.get(capability) ?? []), ...(this.#byTarget.get('*') ?? [])]) {
      if (policy.enabled && policy.stage === stage) matching.add(policy);
    }
    if (matching.size === 0) return NONE;
    return Object.freeze(
      [...matching].sort((a, b) => b.priority - a.priority || (this.#order.get(a) ?? 0) - (this.#order.get(b) ?? 0)),
    );
  }
}
