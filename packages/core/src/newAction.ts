import type { ApprovalView } from '@brane/policy-engine';
import { AgentAction, TRUSTED } from './AgentAction.js';
import type { Invocation } from './governors.js';
import type { Identity } from './Identity.js';
import { snapshotArgs } from './snapshotArgs.js';

/**
 * The action of one call of `invocation` by `identity`: the arguments copied as the call made them, the parent
 * action it was made from, and the approval it runs under when resumed.
 */
export function newAction(
  invocation: Invocation,
  identity: Identity,
  receiver: unknown,
  args: unknown[],
  parent: AgentAction | undefined,
  approval: ApprovalView | undefined,
): AgentAction {
  const capability = invocation.definition;
  const snapshot = snapshotArgs(capability, args);
  const action = new AgentAction(TRUSTED, capability, identity, snapshot, parent, receiver, invocation.entry);
  if (approval !== undefined) action.enforce({ approval });
  return action;
}
