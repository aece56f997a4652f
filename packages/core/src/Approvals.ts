import type {
  ApprovalDecisionInput,
  ApprovalListFilter,
  ApprovalPage,
  ApprovalRecord,
  ApprovalService,
  WithdrawalInput,
} from '@brane/approvals';
import { ApprovalExpiredError } from '@brane/errors';
import { approvalEvent } from './audit/approvalEvent.js';
import type { AuditTrail } from './audit/AuditTrail.js';

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
  /**
   * Withdraws a pending or approved request whose call was abandoned: it can never be approved or run. A call
   * waiting for its approval (`wait: true`) does this itself when its `withContext` signal aborts.
   */
  withdraw(approvalId: string, input: WithdrawalInput): Promise<ApprovalRecord>;
  /** The record, verified against its seal. */
  get(approvalId: string): Promise<ApprovalRecord>;
  /** The records, verified, filtered by state, capability, tenant or `since`: every match, or the first `limit`. */
  list(filter?: ApprovalListFilter): Promise<ApprovalRecord[]>;
  /** One page of the records (100 by default) and the `nextCursor` of the next: for a large queue. */
  page(filter?: ApprovalListFilter): Promise<ApprovalPage>;
}

/** The {@link Approvals} of a runtime, over its (lazily made) approval service. */
export function approvalsOf(service: () => Promise<ApprovalService>, audit: AuditTrail | undefined): Approvals {
  const recorded = (
    type: 'approval.approved' | 'approval.rejected' | 'approval.withdrawn',
    record: ApprovalRecord,
  ): ApprovalRecord => {
    audit?.record(approvalEvent(type, record));
    return record;
  };
  return Object.freeze({
    approve: async (id, input) => {
      const approvals = await service();
      try {
        return recorded('approval.approved', await approvals.approve(id, input));
      } catch (error) {
        if (error instanceof ApprovalExpiredError)
          audit?.record(approvalEvent('approval.expired', await approvals.get(id)));
        throw error;
      }
    },
    reject: async (id, input) => recorded('approval.rejected', await (await service()).reject(id, input)),
    withdraw: async (id, input) => {
      const approvals = await service();
      const before = await approvals.get(id);
      const record = await approvals.withdraw(id, input);
      return before.status === 'withdrawn' ? record : recorded('approval.withdrawn', record);
    },
    get: async (id) => (await service()).get(id),
    list: async (filter) => (await service()).list(filter),
    page: async (filter) => (await service()).page(filter),
  } satisfies Approvals);
}
