import type { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import type { PolicyStage } from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';

/** The error for a deny at `stage`, with the decision stamped with its action. */
export function deniedBy(
  decision: Decision,
  action: AgentAction,
  stage: PolicyStage,
  cause?: unknown,
): CapabilityDeniedError {
  const attributed =
    decision.actionId === undefined
      ? decision.withAttribution({
          policyName: decision.policyName,
          policyVersion: decision.policyVersion,
          actionId: action.actionId,
        })
      : decision;
  return new CapabilityDeniedError({
    decision: attributed,
    capability: action.capability.name,
    stage,
    actionId: action.actionId,
    cause,
  });
}
