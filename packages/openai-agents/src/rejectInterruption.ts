import type { Runtime } from '@brane/core';
import { ApprovalRejectedError } from '@brane/errors';
import type { RunToolApprovalItem } from '@openai/agents';
import { decideInterruption, type ApproverDecision } from './decideInterruption.js';
import type { InterruptedRun } from './InterruptedRun.js';

/**
 * Rejects an interruption Brane asked for, in Brane and in the run: the Brane approval request is
 * rejected (the action can never run), then the SDK's interruption, with the refusal text as the tool's
 * output for the model. Resume the run with `run(agent, result.state)`: the tool does not run. Who may
 * reject, and under which identity to call it: as for `approveInterruption`.
 *
 * @example
 * await rejectInterruption(runtime, result, item, { approver: 'maria@finance', comment: 'Not this customer' });
 */
export async function rejectInterruption(
  runtime: Runtime,
  run: InterruptedRun,
  item: RunToolApprovalItem,
  decision: ApproverDecision,
): Promise<void> {
  const { link, record } = await decideInterruption(runtime, run, item, decision, 'rejected', 'rejectInterruption');
  const rejection = new ApprovalRejectedError({
    approvalId: link.approvalId,
    capability: link.capability,
    rejectedBy: record.decision?.by ?? 'an approver',
    rejectedAt: record.decision?.at ?? new Date().toISOString(),
    ...(record.decision?.comment === undefined ? {} : { comment: record.decision.comment }),
  });
  run.state.reject(item, { message: link.refusalMessage(rejection) });
}
