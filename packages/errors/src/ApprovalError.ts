import { BraneError, type BraneErrorOptions } from './BraneError.js';
import type { ApprovalErrorCode } from './BraneErrorCode.js';

/**
 * An approval cannot be decided or used as asked: it is unknown, undecided, already decided or used, bound
 * to another action, altered in the store, or the approver may not decide it. Nothing was executed.
 */
export class ApprovalError extends BraneError {
  declare readonly code: ApprovalErrorCode;
  /** The approval concerned. */
  readonly approvalId: string;

  constructor(code: ApprovalErrorCode, approvalId: string, message: string, options: BraneErrorOptions = {}) {
    super(code, message, { ...options, details: { approvalId, ...options.details } });
    this.approvalId = approvalId;
  }
}
