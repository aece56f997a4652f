import type { Decision } from '@brane/decisions';
import type { PolicyEvaluationError } from '@brane/errors';
import type { Policy } from './Policy.js';
import type { PolicyContext } from './PolicyContext.js';

/**
 * The result of evaluating the policies of one stage: the composed decision, the policy that decided it,
 * and, when a policy failed, why. The decision is stamped with its policy and action the first time it is
 * read, so an allowed call that nobody inspects pays nothing for it.
 */
export class Evaluation {
  /** The policy whose decision is the result; `undefined` when no policy matched. */
  readonly policy: Policy | undefined;
  /** Set when the result is a deny because a policy failed (threw, timed out, returned junk). */
  readonly cause: PolicyEvaluationError | undefined;
  /** `true` when the action may proceed; fixed when the evaluation is made. */
  readonly allowed: boolean;
  readonly #raw: Decision;
  readonly #ctx: PolicyContext;
  #decision: Decision | undefined;

  constructor(raw: Decision, policy: Policy | undefined, ctx: PolicyContext, cause?: PolicyEvaluationError) {
    this.#raw = raw;
    this.policy = policy;
    this.#ctx = ctx;
    this.cause = cause;
    this.allowed = raw.type === 'allow';
  }

  /** The composed decision, attributed to its policy and action. */
  get decision(): Decision {
    return (this.#decision ??= this.#raw.withAttribution({
      policyName: this.policy?.name ?? this.#raw.policyName,
      policyVersion: this.policy === undefined ? this.#raw.policyVersion : this.policy.version,
      actionId: this.#ctx.action.actionId,
    }));
  }
}
