import { Decision, composeDecisions, composeNext, isFinalDecision, type DecisionType } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { applyRedactions } from './applyRedactions.js';
import { applyOutputTransform } from './applyTransform.js';
import type { Policy } from './Policy.js';
import { CONTEXT_STATE, type PolicyContext } from './PolicyContext.js';
import { transformArgs } from './transformArgs.js';

/** What the after stage can still honour: the capability has run, so it can only withhold or change output. */
const AFTER_STAGE_TYPES: ReadonlySet<DecisionType> = new Set([
  'allow',
  'deny',
  'redact',
  'transform_output',
  'log_only',
]);

/**
 * Takes one policy's decision (other than a plain allow) into the composition: attributes it to the policy,
 * applies what later policies must see (transformed arguments before, redacted or transformed output
 * after), and composes it. A decision that cannot be honoured here becomes a deny that says why.
 */
export function applyDecision(
  composed: Decision | undefined,
  policy: Policy,
  raw: Decision,
  ctx: PolicyContext,
): Decision {
  if (raw.effects !== undefined) {
    // A policy that returns a composed decision: each of its effects is taken in, in order, as its own. They
    // must compose to its own type: a deny whose effects allow was not made by composition, and is not honoured.
    const own = composeDecisions(raw.effects, raw).type;
    if (own !== raw.type) {
      const decision = raw.withAttribution({
        policyName: policy.name,
        policyVersion: policy.version,
        actionId: undefined,
      });
      return cannotHonour(decision, `its effects compose to \`${own}\`, not \`${raw.type}\``);
    }
    let result = composed;
    for (const effect of raw.effects) {
      result = applyDecision(result, policy, effect, ctx);
      if (isFinalDecision(result)) break;
    }
    return result as Decision;
  }
  const decision = raw.withAttribution({ policyName: policy.name, policyVersion: policy.version, actionId: undefined });
  if (ctx.stage === 'after' && !AFTER_STAGE_TYPES.has(decision.type)) {
    return cannotHonour(decision, `a \`${decision.type}\` decision cannot be honoured after the capability has run`);
  }
  if (ctx.stage === 'after' && decision.limits !== undefined) {
    return cannotHonour(decision, 'limits are reserved before the capability runs, not after');
  }
  try {
    applyEffect(decision, ctx);
  } catch (error) {
    const problem = error instanceof BraneError ? error.message : 'it could not be applied';
    return cannotHonour(decision, problem, error);
  }
  return composeNext(composed, decision);
}

/** Applies what later policies see at once: a transform of the arguments, or of the output after it exists. */
function applyEffect(decision: Decision, ctx: PolicyContext): void {
  const mutations = decision.mutations;
  if (mutations === undefined) return;
  const state = ctx[CONTEXT_STATE];
  if (mutations.input !== undefined) state.replaceArgs(transformArgs(ctx.capability, state.args(), mutations.input));
  if (ctx.stage !== 'after') return; // a before-policy's output effects wait for the output
  if (mutations.redact !== undefined) state.replaceOutput(applyRedactions(state.output(), mutations.redact));
  if (mutations.output !== undefined) state.replaceOutput(applyOutputTransform(state.output(), mutations.output));
}

/** Fail closed: a decision the runtime cannot honour is a deny, never a fallback to running unconstrained. */
export function cannotHonour(decision: Decision, problem: string, cause?: unknown): Decision {
  return Decision.deny(
    `Policy \`${decision.policyName ?? 'unknown'}\` returned ${decision.type}, which cannot be honoured: ${problem}`,
    {
      policyName: decision.policyName,
      policyVersion: decision.policyVersion,
      metadata: { unhonoured: decision.type, ...(cause instanceof BraneError ? { error: cause.code } : {}) },
    },
  );
}
