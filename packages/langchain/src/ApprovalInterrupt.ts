import type { PendingApproval } from './PendingApproval.js';

/**
 * The value a governed tool node interrupts the graph with when Brane asks for approval: read it from the
 * result's `__interrupt__` (or with {@link pendingApprovals}), then resume the graph with an
 * {@link ApprovalAnswer}: `new Command({ resume: { approved: true, approver: 'maria@finance' } })`.
 */
export interface ApprovalInterrupt {
  readonly brane: PendingApproval & {
    /** Set when the graph is asked again, because the previous answer could not be used: why. */
    readonly problem?: string | undefined;
  };
}

/**
 * A human's answer to an {@link ApprovalInterrupt}, the value to resume the graph with.
 *
 * - With `approver`, the decision is recorded in Brane (`runtime.approvals.approve` or `reject`), which
 *   checks that this approver may decide it.
 * - Without it, the decision was already recorded in Brane (the `brane approvals` CLI, another process);
 *   `approved: true` then runs the call if Brane approved it, and asks again while it is still pending.
 *
 * `approved: false` never runs the call.
 */
export interface ApprovalAnswer {
  readonly approved: boolean;
  readonly approver?: string | undefined;
  readonly comment?: string | undefined;
}
