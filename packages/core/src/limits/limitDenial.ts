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
    `Limit \`${limit.key}\` (${limit.kind}, max ${limit.max}${limit.windowMs === undefined ? ' at once' : ` per ${windowText(limit.windowMs)}`}) has no room: this call needs ${limit.cost}, ${remaining} remains${frees}`,
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
  return storeDenial(
    action,
    decision,
    `The limit store could not reserve limit \`${key}\`, which fails closed (\`onStoreError: 'deny'\`)`,
    { limitStoreError: key },
    cause,
  );
}

/**
 * The error for an action denied because the limit store refused its reservation as misuse (`INVALID_ARGUMENT`, such
 * as an action id that already holds one): never failed open, whatever `onStoreError` says.
 */
export function limitMisuseDenial(action: AgentAction, decision: Decision, cause: Error): CapabilityDeniedError {
  return storeDenial(
    action,
    decision,
    `The limit store refused to reserve this action's limits: ${cause.message}`,
    { limitStoreRefused: cause.message },
    cause,
  );
}

/** A denial of `action` before it ran, attributed to the policy of `decision`, for what the limit store did. */
function storeDenial(
  action: AgentAction,
  decision: Decision,
  reason: string,
  metadata: Record<string, string>,
  cause: unknown,
): CapabilityDeniedError {
  const deny = Decision.deny(reason, {
    policyName: decision.policyName,
    policyVersion: decision.policyVersion,
    actionId: action.actionId,
    metadata,
  });
  return new CapabilityDeniedError({
    decision: deny,
    capability: action.capability.name,
    stage: 'before',
    actionId: action.actionId,
    cause,
  });
}

/** A window as a policy would write it: `24h`, `10m`, `1500ms`. */
function windowText(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
