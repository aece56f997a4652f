import type { Decision } from './Decision.js';
import { EMPTY } from './validateDecisionInit.js';

/**
 * Whether `copy`, a copy of a plain allow as `Decision.allow()` made it, holds a plain allow's fields: it read
 * them from a decision a policy may have changed. `attributed`: the copy was stamped with its own action and
 * policy, so those three are not compared. Its own function, not the general check: its reads meet objects of
 * one shape, which keeps them cheap; this runs on every call with limits. `limits` is the copy's own.
 */
export function isCopiedAllow(copy: Decision, attributed: boolean): boolean {
  return (
    copy.type === 'allow' &&
    copy.reason === undefined &&
    (attributed ||
      (copy.actionId === undefined && copy.policyName === undefined && copy.policyVersion === undefined)) &&
    copy.mutations === undefined &&
    copy.approval === undefined &&
    copy.route === undefined &&
    copy.sandbox === undefined &&
    copy.audit === undefined &&
    copy.effects === undefined &&
    copy.labels === undefined &&
    copy.metadata === EMPTY
  );
}
