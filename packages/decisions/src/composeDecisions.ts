import { BraneError, describeValue } from '@brane/errors';
import { Decision } from './Decision.js';

/**
 * The composition rule, applied one decision at a time in priority order. Given the composed decision so
 * far (`undefined` before the first) and the next policy's decision, returns the new composed decision:
 *
 * 1. a deny is final: evaluation stops and the deny is the result;
 * 2. an allow replaces the previous allow, so that when all allow the result is the last allow;
 * 3. a type the runtime does not enforce yet becomes a deny that says so: it never counts as an allow.
 *
 * Stop evaluating as soon as the result is {@link isFinalDecision}.
 */
export function composeNext(_current: Decision | undefined, next: Decision): Decision {
  if (!(next instanceof Decision)) {
    throw new BraneError('INVALID_ARGUMENT', `composeNext: expected a Decision (got ${describeValue(next)})`);
  }
  // Allow and deny need no memory of earlier decisions; richer types (redactions that add up) will.
  if (next.type === 'allow' || next.type === 'deny') return next; // the enforced types
  return new Decision({
    type: 'deny',
    reason: `Decision type \`${next.type}\` is not supported yet, so it is enforced as a deny${next.reason ? `: ${next.reason}` : ''}`,
    policyName: next.policyName,
    policyVersion: next.policyVersion,
    actionId: next.actionId,
    metadata: { ...next.metadata, unsupportedType: next.type },
  });
}

/** Whether composition must stop at this decision (a deny). */
export function isFinalDecision(decision: Decision): boolean {
  return decision.type !== 'allow';
}

/**
 * Composes the decisions of every matching policy, in priority order. With none, the result is
 * `whenNoneMatch` (allow by default, or the runtime's configured default).
 *
 * @example
 * composeDecisions([Decision.allow(), Decision.deny('no')], Decision.allow()).denied // true
 */
export function composeDecisions(decisions: Iterable<Decision>, whenNoneMatch: Decision): Decision {
  let composed: Decision | undefined;
  for (const decision of decisions) {
    composed = composeNext(composed, decision);
    if (isFinalDecision(composed)) return composed;
  }
  return composed ?? whenNoneMatch;
}
