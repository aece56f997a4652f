import { BraneError } from './BraneError.js';
import { boundText } from './boundText.js';
import type { DecisionRecord } from './DecisionRecord.js';

/** What an {@link ApprovalRequiredError} is built from. */
export interface ApprovalRequiredErrorInit {
  /** The id of the stored approval request: approve it, then `runtime.resume(approvalId)`. */
  readonly approvalId: string;
  readonly capability: string;
  readonly actionId: string;
  /** The composed `approval_required` decision, with the merged request in `decision.approval`. */
  readonly decision: DecisionRecord;
  /** Who may approve (merged from every policy that asked). */
  readonly approverGroups: readonly string[];
  /** When the request expires, ISO 8601. */
  readonly expiresAt: string;
  /**
   * Settles once the request is in the approval store. It is already settled for an async capability; a
   * synchronous one cannot wait for the store, so it throws first and the record follows.
   */
  readonly recorded: Promise<void>;
}

/**
 * The action needs a human's approval. It did not run; the request is stored under `approvalId`. Once an
 * approver approves it, `runtime.resume(approvalId)` runs the action (in this process or another).
 *
 * @example
 * catch (error) { if (error instanceof ApprovalRequiredError) await notify(error.approverGroups, error.approvalId); }
 */
export class ApprovalRequiredError extends BraneError {
  declare readonly code: 'APPROVAL_REQUIRED';
  readonly approvalId: string;
  readonly capability: string;
  readonly actionId: string;
  readonly decision: DecisionRecord;
  readonly approverGroups: readonly string[];
  readonly expiresAt: string;
  /** The reason the policies gave, bounded (`boundText`). */
  readonly reason: string;
  readonly recorded: Promise<void>;

  constructor(init: ApprovalRequiredErrorInit) {
    const reason = boundText(init.decision.reason ?? 'A policy requires approval');
    super(
      'APPROVAL_REQUIRED',
      `Capability \`${init.capability}\` needs approval from ${init.approverGroups.join(' or ')} (approval ${init.approvalId}, expires ${init.expiresAt}): ${reason}`,
      {
        details: {
          approvalId: init.approvalId,
          capability: init.capability,
          actionId: init.actionId,
          approverGroups: init.approverGroups,
          expiresAt: init.expiresAt,
        },
      },
    );
    this.approvalId = init.approvalId;
    this.capability = init.capability;
    this.actionId = init.actionId;
    this.decision = init.decision;
    this.approverGroups = init.approverGroups;
    this.expiresAt = init.expiresAt;
    this.reason = reason;
    this.recorded = init.recorded;
  }
}
