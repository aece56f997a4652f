import { assertRequestedBy, vouchedApprover, type ApprovalRecord, type AuthorizeApprover } from '@brane/approvals';
import type { Runtime } from '@brane/core';
import { BraneError } from '@brane/errors';
import type { ApprovalAnswer } from './ApprovalInterrupt.js';
import type { GraphApproval } from './GraphApproval.js';
import type { PendingApproval } from './PendingApproval.js';

/** Errors of recording a decision that another answer (or another identity) can fix: the node asks again. */
const ASK_AGAIN = new Set(['APPROVER_NOT_ALLOWED', 'APPROVAL_MISMATCH', 'INVALID_ARGUMENT', 'APPROVAL_STORE_FAILED']);

/** How a node records answers: who decides, and where the answer arrived. */
export interface DecidingContext {
  readonly authorizeApprover: AuthorizeApprover<GraphApproval> | undefined;
  readonly graph: Omit<GraphApproval, 'answer'>;
}

/** What came of an answer: why it cannot be used (the node asks again), and who decided, when Brane recorded it. */
export interface AnswerOutcome {
  readonly problem: string | undefined;
  readonly by: string | undefined;
}

/**
 * Records a human's answer to an approval interrupt in Brane. The request must be one of the tenant and principal
 * the graph runs as now. With `authorizeApprover`, the approver it vouches for approves or rejects the pending
 * request (Brane checks their groups); without it, an answer naming an `approver` is refused, since that name is
 * only what the resume value says, and an answer without one needs Brane's decision to exist already.
 *
 * A request already decided or expired is no reason to ask again: the call then goes to `runtime.resume`,
 * where Brane's own decision wins (a rejection or an expiry is reported to the model, never run).
 */
export async function decideApproval(
  runtime: Runtime,
  approval: PendingApproval,
  answer: ApprovalAnswer,
  deciding: DecidingContext,
): Promise<AnswerOutcome> {
  const id = approval.approvalId;
  try {
    const record = await runtime.approvals.get(id);
    assertRequestedBy(record, runtime.identity);
    const open = record.status === 'pending' && Date.parse(record.expiresAt) > Date.now();
    if (!open) return { problem: undefined, by: undefined };
    if (deciding.authorizeApprover === undefined) {
      if (answer.approver !== undefined) return refusedClaim(id);
      return { problem: answer.approved ? stillPending(id) : undefined, by: undefined };
    }
    return await decideAs(runtime, record, answer, deciding);
  } catch (error) {
    if (error instanceof BraneError && !ASK_AGAIN.has(error.code)) return { problem: undefined, by: undefined };
    if (error instanceof BraneError && error.code === 'APPROVAL_MISMATCH') {
      return { problem: `${error.message}: resume the graph under the tenant and principal it ran as`, by: undefined };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { problem: `Brane could not record the decision on approval ${id}: ${message}`, by: undefined };
  }
}

/** Decides the pending `record` as the approver `authorizeApprover` vouches for, if any. */
async function decideAs(
  runtime: Runtime,
  record: ApprovalRecord,
  answer: ApprovalAnswer,
  deciding: DecidingContext,
): Promise<AnswerOutcome> {
  const hook = deciding.authorizeApprover as AuthorizeApprover<GraphApproval>;
  const outcome = answer.approved ? 'approved' : 'rejected';
  const context = { ...deciding.graph, answer };
  const approver = await vouchedApprover(hook, { approval: record, outcome, claimed: answer.approver, context });
  if (approver === undefined) {
    if (!answer.approved) return { problem: undefined, by: undefined }; // not run, and nothing recorded
    const problem = `authorizeApprover vouched for no approver, and approval ${record.id} is still pending in Brane`;
    return { problem, by: undefined };
  }
  const input = { approver, ...(answer.comment === undefined ? {} : { comment: answer.comment }) };
  if (answer.approved) await runtime.approvals.approve(record.id, input);
  else await runtime.approvals.reject(record.id, input);
  return { problem: undefined, by: approver.id };
}

function stillPending(id: string): string {
  return `Approval ${id} is still pending in Brane: decide it there first`;
}

function refusedClaim(id: string): AnswerOutcome {
  return {
    problem: `The answer names an \`approver\`, which is only what the resume value says: this graph records an approver only through \`authorizeApprover\`. Decide approval ${id} in Brane first and answer without \`approver\`, or configure \`authorizeApprover\``,
    by: undefined,
  };
}
