import {
  boundText,
  type ApprovalError,
  type ApprovalExpiredError,
  type ApprovalRejectedError,
  type CapabilityDeniedError,
} from '@brane/errors';
import type { PendingApproval } from './PendingApproval.js';

/**
 * What the model is told when Brane did not let a tool call run (or withheld its result): one sentence
 * that says so, and why. These are the contents of the `ToolMessage`s (status `error`) a governed tool
 * answers with. Each is bounded (`boundText`): the reason, or an approver's comment from a resume payload, may
 * be of any size.
 */
export const refusalMessages = {
  denied(error: Pick<CapabilityDeniedError, 'stage' | 'reason'>): string {
    return boundText(
      error.stage === 'after'
        ? `Brane withheld the result of this call: ${error.reason}`
        : `Brane denied this call: ${error.reason}`,
    );
  },
  approvalRequired(approval: PendingApproval): string {
    return boundText(
      `Brane: this call needs approval from ${approval.approverGroups.join(' or ')} ` +
        `(approval ${approval.approvalId}) and has not run. Reason: ${approval.reason}`,
    );
  },
  rejected(error: ApprovalRejectedError): string {
    const comment = error.comment === undefined ? '' : ` (${error.comment})`;
    return boundText(
      `Brane: approval ${error.approvalId} was rejected by ${error.rejectedBy}${comment}, so this call did not run.`,
    );
  },
  /** `by` is the approver Brane recorded, if it recorded the rejection; a name the answer merely claims is not shown. */
  notApproved(approval: PendingApproval, comment: string | undefined, by: string | undefined): string {
    const who = by === undefined ? '' : ` by ${by}`;
    const why = comment === undefined ? '' : ` (${comment})`;
    return boundText(`Brane: approval ${approval.approvalId} was not approved${who}${why}, so this call did not run.`);
  },
  expired(error: ApprovalExpiredError): string {
    return `Brane: approval ${error.approvalId} expired before this call could run, so it did not run.`;
  },
  unusable(error: ApprovalError): string {
    return boundText(`Brane did not run this call: ${error.message}`);
  },
} as const;
