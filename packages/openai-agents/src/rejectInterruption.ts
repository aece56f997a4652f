import type { Runtime } from '@brane/core';
import { ApprovalRejectedError } from '@brane/errors';
import type { RunToolApprovalItem } from '@openai/agents';
import type { ApproverDecision } from './approveInterruption.js';
import { requireLink, type InterruptedRun } from './InterruptedRun.js';

/**
 * Rejects an interruption Brane asked for, in Brane and in the run: the Brane approval request is
 * rejected (the action can never run), then the SDK's interruption, with the refusal text as the tool's
 * output for the model. Resume the run with `run(agent, result.state)`: the tool does not run.
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
  const link = requireLink(runtime, run, item, 'rejectInterruption');
  const record = await runtime.approvals.reject(link.approvalId, decision);
  const rejection = new ApprovalRejectedError({
    approvalId: link.approvalId,
    capability: link.capability,
    rejectedBy: record.decision?.by ?? decision.approver,
    rejectedAt: record.decision?.at ?? new Date().toISOString(),
    ...(record.decision?.comment === undefined ? {} : { comment: record.decision.comment }),
  });
  run.state.reject(item, { message: link.refusalMessage(rejection) });
}
