import { ApprovalError, ApprovalExpiredError, ApprovalRejectedError, type BraneError } from '@brane/errors';
import type { ApprovalRecord, ApprovalState } from './ApprovalRecord.js';

/**
 * Why an approval in `state` cannot be used to execute its action: still pending (`APPROVAL_PENDING`), rejected
 * ({@link ApprovalRejectedError}), expired ({@link ApprovalExpiredError}), already claimed or completed
 * (`APPROVAL_ALREADY_USED`), or withdrawn because its call was abandoned (`APPROVAL_WITHDRAWN`).
 */
export function unusableApprovalError(record: ApprovalRecord, state: Exclude<ApprovalState, 'approved'>): BraneError {
  const { id, capability } = record;
  switch (state) {
    case 'pending':
      return new ApprovalError('APPROVAL_PENDING', id, `Approval ${id} for \`${capability}\` has not been decided yet`);
    case 'rejected':
      return new ApprovalRejectedError({
        approvalId: id,
        capability,
        rejectedBy: record.decision?.by ?? 'unknown',
        rejectedAt: record.decision?.at ?? record.requestedAt,
        comment: record.decision?.comment,
      });
    case 'expired':
      return new ApprovalExpiredError({ approvalId: id, capability, expiresAt: record.expiresAt });
    case 'withdrawn':
      return new ApprovalError(
        'APPROVAL_WITHDRAWN',
        id,
        `Approval ${id} for \`${capability}\` was withdrawn at ${record.withdrawal?.at ?? 'an unknown time'} (${record.withdrawal?.reason ?? 'no reason recorded'}); it can never be approved or used`,
        { details: { status: state } },
      );
    case 'executing':
    case 'completed':
      return new ApprovalError(
        'APPROVAL_ALREADY_USED',
        id,
        `Approval ${id} for \`${capability}\` was already used (claimed at ${record.execution?.claimedAt ?? 'an unknown time'}); an approval allows one execution`,
        { details: { status: state } },
      );
  }
}
