import { Decision } from '@brane/decisions';
import type { Policy } from './Policy.js';

/**
 * What `applyDecision` makes of an enforced before-policy's allow that only reserves limits (and maybe labels),
 * composed onto nothing or a plain allow: the policy's decision attributed to it (a checked copy, the engine's
 * own). `undefined` for any other result, which takes the general path.
 */
export function reservingAllow(policy: Policy, result: unknown): Decision | undefined {
  if (policy.mode !== 'enforce' || !Decision.isDecision(result) || result.type !== 'allow') return undefined;
  if (result.effects !== undefined) return undefined;
  const decision = result.withAttribution({
    policyName: policy.name,
    policyVersion: policy.version,
    actionId: undefined,
  });
  return decision.type === 'allow' &&
    decision.limits !== undefined &&
    decision.effects === undefined &&
    decision.mutations === undefined &&
    decision.approval === undefined &&
    decision.route === undefined &&
    decision.sandbox === undefined
    ? decision
    : undefined;
}
