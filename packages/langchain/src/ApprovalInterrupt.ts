import type { PendingApproval } from './PendingApproval.js';

/**
 * The value a governed tool node interrupts the graph with when Brane asks for approval: read it from the
 * result's `__interrupt__` (or with {@link pendingApprovals}), then resume the graph with an
 * {@link ApprovalAnswer}: `new Command({ resume: { approved: true } })`.
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
 * - With the node's `authorizeApprover`, the approver it vouches for (from the node's config, where your server
 *   put the user it authenticated) decides in Brane (`runtime.approvals.approve` or `reject`), which checks their
 *   groups against the request's `approverGroups`. `approver` is then only a claim passed to the hook.
 * - Without it, `approver` is refused (anyone who can resume the graph could write any name there), and
 *   `approved: true` relays a decision already taken in Brane (the `brane approvals` CLI, another service): the
 *   call runs if Brane approved it, and the graph asks again while it is still pending.
 *
 * `approved: false` never runs the call.
 */
export interface ApprovalAnswer {
  readonly approved: boolean;
  /** A name the answer claims: passed to `authorizeApprover`, never recorded as it is. */
  readonly approver?: string | undefined;
  readonly comment?: string | undefined;
}
