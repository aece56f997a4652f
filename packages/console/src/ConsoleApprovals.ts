import type { ApprovalDecisionInput, ApprovalListFilter, ApprovalRecord } from '@brane/approvals';

/**
 * The approvals the console reads and decides: an `ApprovalService` (over a `FileApprovalStore`, a
 * `PostgresApprovalStore` or any `ApprovalStore`) or a runtime's `runtime.approvals` (which also records the
 * decisions in the runtime's audit trail). Every rule (expiry, approver groups, distinct approver, single
 * decision) is theirs; the console only passes the signed-in identity.
 */
export interface ConsoleApprovals {
  approve(approvalId: string, input: ApprovalDecisionInput): Promise<ApprovalRecord>;
  reject(approvalId: string, input: ApprovalDecisionInput): Promise<ApprovalRecord>;
  get(approvalId: string): Promise<ApprovalRecord>;
  list(filter?: ApprovalListFilter): Promise<ApprovalRecord[]>;
}
