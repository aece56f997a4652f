import type { ApprovalDecisionInput, ApprovalListFilter, ApprovalRecord } from '@brane/approvals';

/**
 * A runtime's approvals (`runtime.approvals`): what approvers and tools use to see and decide requests.
 * Running an approved action is `runtime.resume(approvalId)`.
 *
 * @example
 * await runtime.approvals.approve(error.approvalId, { approver: 'maria@finance', comment: 'Known customer' });
 * await runtime.resume(error.approvalId);
 */
export interface Approvals {
  /** Approves a pending request. Refused once decided or expired, or when the approver may not decide it. */
  approve(approvalId: string, input: ApprovalDecisionInput): Promise<ApprovalRecord>;
  /** Rejects a pending request: the action is denied and never runs. */
  reject(approvalId: string, input: ApprovalDecisionInput): Promise<ApprovalRecord>;
  /** The record, verified against its seal. */
  get(approvalId: string): Promise<ApprovalRecord>;
  /** The records, verified, filtered by state, capability or tenant. */
  list(filter?: ApprovalListFilter): Promise<ApprovalRecord[]>;
}
