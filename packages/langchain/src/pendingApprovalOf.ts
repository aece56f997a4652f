import type { Runtime } from '@brane/core';
import type { ApprovalRequiredError } from '@brane/errors';
import type { PendingApproval } from './PendingApproval.js';

/**
 * The {@link PendingApproval} of an `ApprovalRequiredError` thrown by a governed tool call, read back from
 * the approval store: the record is the truth, so what the approver is shown is what approving allows.
 * Rethrows `error` when the record is not one of `capability` (the error did not come from this call).
 */
export async function pendingApprovalOf(
  runtime: Runtime,
  error: ApprovalRequiredError,
  tool: string,
  toolCallId: string,
): Promise<PendingApproval> {
  await error.recorded;
  const record = await runtime.approvals.get(error.approvalId);
  if (record.capability !== error.capability) throw error;
  return {
    approvalId: record.id,
    capability: record.capability,
    tool,
    toolCallId,
    tenantId: record.tenantId,
    principalId: record.principalId,
    args: record.args,
    approverGroups: record.request.approverGroups,
    reason: record.request.reason,
    context: record.request.context,
    expiresAt: record.expiresAt,
  };
}
