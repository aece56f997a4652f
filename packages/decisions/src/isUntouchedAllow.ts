import type { Decision } from './Decision.js';
import { EMPTY } from './validateDecisionInit.js';

/**
 * Whether a plain allow, as `Decision.allow()` made it, is still one: every public field as it was made. Its own
 * function, not the general field check of a decision: its reads then meet objects of one shape (a plain allow
 * stores only `type` and `metadata`), which keeps them cheap; this runs on every call with limits.
 */
export function isUntouchedAllow(d: Decision): boolean {
  return (
    d.type === 'allow' &&
    d.reason === undefined &&
    d.actionId === undefined &&
    d.policyName === undefined &&
    d.policyVersion === undefined &&
    d.mutations === undefined &&
    d.approval === undefined &&
    d.route === undefined &&
    d.sandbox === undefined &&
    d.audit === undefined &&
    d.effects === undefined &&
    d.limits === undefined &&
    d.labels === undefined &&
    d.metadata === EMPTY
  );
}
