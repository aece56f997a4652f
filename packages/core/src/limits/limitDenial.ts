import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import type { LimitRefusal } from '@brane/limits';
import type { AgentAction } from '../AgentAction.js';

/** The error for an action denied before it ran because `refusal.limit` had no room for it. */
export function limitDenial(action: AgentAction, decision: Decision, refusal: LimitRefusal): CapabilityDeniedError {
  const { limit, remaining, retryAfterMs } = refusal;
  const frees =
    retryAfterMs !== undefined
      ? `; enough frees up in ${retryAfterMs} ms`
      : limit.cost > limit.max
        ? '; this cost alone exceeds the limit'
        : '';
  const exceeded = { key: limit.key, kind: limit.kind, max: limit.max, cost: limit.cost, remaining, retryAfterMs };
  const deny = Decision.deny(
    `Limit \`${limit.key}\` (${limit.kind}, max ${limit.max}${limit.windowMs === undefined ? ' at once' : ` per ${limit.windowMs} ms`}) has no room: this call needs ${limit.cost}, ${remaining} remains${frees}`,
    {
      policyName: decision.policyName,
      policyVersion: decision.policyVersion,
      actionId: action.actionId,
      metadata: { limit: exceeded },
    },
  );
  return new CapabilityDeniedError({
    decision: deny,
    capability: action.capability.name,
    stage: 'before',
    actionId: action.actionId,
    limit: exceeded,
  });
}

/** The error for an action denied because the limit store failed, and a limit fails closed. */
export function limitStoreDenial(
  action: AgentAction,
  decision: Decision,
  key: string,
  cause: unknown,
): CapabilityDeniedError {
  const deny = Decision.deny(
    `The limit store could not reserve limit \`${key}\`, which fails closed (\`onStoreError: 'deny'\`)`,
    {
      policyName: decision.policyName,
      policyVersion: decision.policyVersion,
      actionId: action.actionId,
      metadata: { limitStoreError: key },
    },
  );
  return new CapabilityDeniedError({
    decision: deny,
    capability: action.capability.name,
    stage: 'before',
    actionId: action.actionId,
    cause,
  });
}
