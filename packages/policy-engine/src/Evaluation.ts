import { attributedAsChecked, checkedLabelsOf, type Decision, type Limit } from '@brane/decisions';
import type { PolicyEvaluationError } from '@brane/errors';
import type { Policy } from './Policy.js';
import { CONTEXT_STATE, type PolicyContext } from './PolicyContext.js';

/** A shadow policy's decision: evaluated and recorded, never enforced. */
export interface ShadowDecision {
  readonly policy: Policy;
  /** What it decided, attributed to it (a deny when it failed). */
  readonly decision: Decision;
  /** Why it failed, when it did. */
  readonly cause: PolicyEvaluationError | undefined;
}

const NONE: readonly ShadowDecision[] = Object.freeze([]);

/** The limits of `decision` when it is an allow that does nothing else but label. */
function limitsOnly(decision: Decision): readonly Limit[] | undefined {
  return decision.type === 'allow' &&
    decision.effects === undefined &&
    decision.mutations === undefined &&
    decision.approval === undefined &&
    decision.route === undefined &&
    decision.sandbox === undefined
    ? decision.limits
    : undefined;
}

/**
 * The result of evaluating the policies of one stage: the composed decision, the policy that decided it,
 * and, when a policy failed, why. The decision is stamped with its policy and action the first time it is
 * read, so an allowed call that nobody inspects pays nothing for it.
 */
export class Evaluation {
  /** The policy whose decision is the result; `undefined` when no policy matched or several composed it. */
  readonly policy: Policy | undefined;
  /** Set when the result is a deny because a policy failed (threw, timed out, returned junk). */
  readonly cause: PolicyEvaluationError | undefined;
  /** `true` when the result is a plain allow: the action proceeds unchanged, and reserves no limits. */
  readonly allowed: boolean;
  /** The decisions of shadow policies, in order. */
  readonly shadow: readonly ShadowDecision[];
  /**
   * When the result is an allow that the engine composed and whose only effect is to reserve limits (and maybe
   * label the output): those limits, read from the engine's own checked copy, which no policy can reach, so that
   * the runtime reserves them without attributing the decision first. `undefined` otherwise.
   */
  readonly reservesOnly: readonly Limit[] | undefined;
  readonly #raw: Decision;
  readonly #ctx: PolicyContext;
  #decision: Decision | undefined;
  /** Whether `#raw` is a policy's decision that only reserves, to be attributed as checked. */
  readonly #asChecked: boolean;

  /**
   * `composed`: `raw` is the engine's own (it composed it). `reserves`: `raw` is `policy`'s decision, an allow that
   * only reserves these limits, as its constructor checked them (`reservedLimitsOf`); it is attributed as checked.
   */
  constructor(
    raw: Decision,
    policy: Policy | undefined,
    ctx: PolicyContext,
    cause?: PolicyEvaluationError,
    shadow: readonly ShadowDecision[] = NONE,
    composed = false,
    reserves?: readonly Limit[],
  ) {
    this.#raw = raw;
    this.policy = policy;
    this.#ctx = ctx;
    this.cause = cause;
    this.allowed = reserves === undefined && raw.type === 'allow' && raw.limits === undefined;
    this.shadow = shadow;
    this.reservesOnly = reserves ?? (composed && !this.allowed ? limitsOnly(raw) : undefined);
    this.#asChecked = reserves !== undefined;
  }

  /** The composed decision, attributed to its policy and action. */
  get decision(): Decision {
    if (this.#decision !== undefined) return this.#decision;
    const raw = this.#raw;
    const policy = this.policy;
    const actionId = this.#ctx.action.actionId;
    // A policy's decision that only reserves is enforced as its constructor checked it, whatever it holds now.
    const decision = this.#asChecked
      ? attributedAsChecked(raw, { policyName: policy?.name, policyVersion: policy?.version, actionId })
      : raw.withAttribution({
          policyName: policy?.name ?? raw.policyName,
          policyVersion: policy === undefined ? raw.policyVersion : policy.version,
          actionId,
        });
    this.#decision = decision;
    return decision;
  }

  /** The data labels the composed decision adds to the action's output (`Decision.label`), if any. */
  get labels(): readonly string[] | undefined {
    return this.#asChecked ? checkedLabelsOf(this.#raw) : this.#raw.labels;
  }

  /** The arguments the capability must receive: the action's, or as the last `transform_input` left them. */
  get args(): readonly unknown[] {
    return this.#ctx[CONTEXT_STATE].args();
  }

  /** At the `after` stage, the output to return: as the after-policies' redactions and transforms left it. */
  get output(): unknown {
    return this.#ctx[CONTEXT_STATE].output();
  }
}
