import type { Runtime } from '@brane/core';
import { BraneError } from '@brane/errors';
import type { ApprovalAnswer } from './ApprovalInterrupt.js';
import type { PendingApproval } from './PendingApproval.js';

/** Errors of recording a decision that another answer can fix: the node asks again. */
const ASK_AGAIN = new Set(['APPROVER_NOT_ALLOWED', 'INVALID_ARGUMENT', 'APPROVAL_STORE_FAILED']);

/**
 * Records a human's answer to an approval interrupt in Brane: with an `approver`, approves or rejects the
 * request (Brane checks that this approver may); without one, checks that Brane has a decision already.
 * Returns why the answer cannot be used (the node then asks again), or `undefined`.
 *
 * A request already decided or expired is no reason to ask again: the call then goes to `runtime.resume`,
 * where Brane's own decision wins (a rejection or an expiry is reported to the model, never run).
 */
export async function decideApproval(
  runtime: Runtime,
  approval: PendingApproval,
  answer: ApprovalAnswer,
): Promise<string | undefined> {
  const id = approval.approvalId;
  try {
    if (answer.approver !== undefined) {
      const input = { approver: answer.approver, ...(answer.comment === undefined ? {} : { comment: answer.comment }) };
      if (answer.approved) await runtime.approvals.approve(id, input);
      else await runtime.approvals.reject(id, input);
      return undefined;
    }
    if (!answer.approved) return undefined;
    const record = await runtime.approvals.get(id);
    if (record.status === 'pending' && Date.parse(record.expiresAt) > Date.now()) {
      return `Approval ${id} is still pending in Brane: decide it there first, or answer with an \`approver\``;
    }
    return undefined;
  } catch (error) {
    if (error instanceof BraneError && !ASK_AGAIN.has(error.code)) return undefined;
    const message = error instanceof Error ? error.message : String(error);
    return `Brane could not record the decision on approval ${id}: ${message}`;
  }
}
