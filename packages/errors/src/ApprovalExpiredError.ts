import { BraneError } from './BraneError.js';

/** What an {@link ApprovalExpiredError} is built from. */
export interface ApprovalExpiredErrorInit {
  readonly approvalId: string;
  readonly capability: string;
  /** When the request expired, ISO 8601. */
  readonly expiresAt: string;
}

/** The approval request expired before it was approved and used, so the action is denied and never runs. */
export class ApprovalExpiredError extends BraneError {
  declare readonly code: 'APPROVAL_EXPIRED';
  readonly approvalId: string;
  readonly capability: string;
  readonly expiresAt: string;

  constructor(init: ApprovalExpiredErrorInit) {
    super(
      'APPROVAL_EXPIRED',
      `Approval ${init.approvalId} for capability \`${init.capability}\` expired at ${init.expiresAt}; the action is denied`,
      { details: { ...init } },
    );
    this.approvalId = init.approvalId;
    this.capability = init.capability;
    this.expiresAt = init.expiresAt;
  }
}
