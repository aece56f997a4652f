import { BraneError } from './BraneError.js';
import { boundText } from './boundText.js';

/** What an {@link ApprovalRejectedError} is built from. */
export interface ApprovalRejectedErrorInit {
  readonly approvalId: string;
  readonly capability: string;
  /** Who rejected it. */
  readonly rejectedBy: string;
  /** When, ISO 8601. */
  readonly rejectedAt: string;
  readonly comment?: string | undefined;
}

/** An approver rejected the action, so it is denied and never runs. */
export class ApprovalRejectedError extends BraneError {
  declare readonly code: 'APPROVAL_REJECTED';
  readonly approvalId: string;
  readonly capability: string;
  readonly rejectedBy: string;
  readonly rejectedAt: string;
  /** The approver's comment, bounded (`boundText`). */
  readonly comment: string | undefined;

  constructor(init: ApprovalRejectedErrorInit) {
    const said = init.comment === undefined ? undefined : boundText(init.comment);
    super(
      'APPROVAL_REJECTED',
      `Capability \`${init.capability}\` was rejected by ${init.rejectedBy} (approval ${init.approvalId})${said === undefined ? '' : `: ${said}`}`,
      { details: said === undefined ? { ...init } : { ...init, comment: said } },
    );
    this.approvalId = init.approvalId;
    this.capability = init.capability;
    this.rejectedBy = init.rejectedBy;
    this.rejectedAt = init.rejectedAt;
    this.comment = said;
  }
}
