import type { Runtime } from '@brane/core';
import type { RunToolApprovalItem } from '@openai/agents';
import { decideInterruption, type ApproverDecision } from './decideInterruption.js';
import type { InterruptedRun } from './InterruptedRun.js';

/**
 * Approves an interruption Brane asked for, in Brane and in the run: the Brane approval request is
 * approved (`runtime.approvals.approve`: an approver identity's groups are checked there, and the decision
 * recorded), then the SDK's interruption. Resume the run with `run(agent, result.state)`: the tool then runs
 * exactly once, through `runtime.resume`, its policies seeing the approval.
 *
 * Call it under the identity the run ran as (the same `runtime.withContext`): an interruption of another
 * tenant or principal is not found. The approver comes from the tool's `authorizeApprover`, else from
 * `decision.approver`.
 *
 * @example
 * await approveInterruption(runtime, result, item, { approver: { id: 'maria@finance', groups: ['finance-ops'] } });
 * result = await run(agent, result.state);
 */
export async function approveInterruption(
  runtime: Runtime,
  run: InterruptedRun,
  item: RunToolApprovalItem,
  decision: ApproverDecision,
): Promise<void> {
  await decideInterruption(runtime, run, item, decision, 'approved', 'approveInterruption');
  run.state.approve(item);
}
