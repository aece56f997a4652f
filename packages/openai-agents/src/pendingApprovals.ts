import type { RunToolApprovalItem } from '@openai/agents';
import { approvalLinks } from './ApprovalLinks.js';
import { requireRun, type InterruptedRun } from './InterruptedRun.js';

/** One interruption of a run that Brane asked for, with its Brane approval request. */
export interface PendingApproval {
  /** The SDK's interruption. */
  readonly item: RunToolApprovalItem;
  /** The Brane approval: approve it with `runtime.approvals.approve(approvalId, ...)` or `brane approvals approve`. */
  readonly approvalId: string;
  readonly capability: string;
  readonly toolName: string;
  readonly callId: string;
  /** Who may approve: any one of these groups. */
  readonly approverGroups: readonly string[];
  /** Why the policies ask for approval. */
  readonly reason: string;
  /** When the request expires, ISO 8601. */
  readonly expiresAt: string;
}

/**
 * The interruptions of `run` that governed tools made because Brane's policies asked for approval, each
 * with its Brane approval request: what to show or send to the approvers. Interruptions Brane did not ask
 * for (a tool's own `needsApproval`) are not listed.
 *
 * @example
 * const result = await run(agent, 'Refund $250 to cust_42');
 * for (const pending of pendingApprovals(result)) notify(pending.approverGroups, pending.approvalId, pending.reason);
 */
export function pendingApprovals(run: InterruptedRun): PendingApproval[] {
  requireRun(run, 'pendingApprovals');
  return run.interruptions.flatMap((item): PendingApproval[] => {
    const link = approvalLinks.forItem(run.runContext, item);
    if (link === undefined) return [];
    const { approvalId, capability, toolName, callId, approverGroups, reason, expiresAt } = link;
    return [{ item, approvalId, capability, toolName, callId, approverGroups, reason, expiresAt }];
  });
}
