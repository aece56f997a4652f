import { ApprovalError, ApprovalExpiredError, ApprovalRejectedError } from '@brane/errors';
import { unusableApprovalError } from '../src/unusableApprovalError';
import { sampleRecord } from './fixtures/records';

describe('unusableApprovalError', () => {
  it('a pending approval: APPROVAL_PENDING', () => {
    const error = unusableApprovalError(sampleRecord(), 'pending');

    expect(error).toBeInstanceOf(ApprovalError);
    expect(error).toMatchObject({ code: 'APPROVAL_PENDING', approvalId: sampleRecord().id });
  });

  it('a rejected approval: ApprovalRejectedError with who, when and why', () => {
    const record = sampleRecord({
      status: 'rejected',
      decision: {
        outcome: 'rejected',
        by: 'bob',
        authenticated: false,
        groups: [],
        at: '2023-11-14T22:20:00.000Z',
        comment: 'too much',
      },
    });

    expect(unusableApprovalError(record, 'rejected')).toStrictEqual(
      new ApprovalRejectedError({
        approvalId: record.id,
        capability: 'payments.refund',
        rejectedBy: 'bob',
        rejectedAt: '2023-11-14T22:20:00.000Z',
        comment: 'too much',
      }),
    );
  });

  it('an expired approval: ApprovalExpiredError with the expiry', () => {
    const error = unusableApprovalError(sampleRecord(), 'expired');

    expect(error).toBeInstanceOf(ApprovalExpiredError);
    expect(error).toMatchObject({ code: 'APPROVAL_EXPIRED', expiresAt: sampleRecord().expiresAt });
  });

  it.each([['executing' as const], ['completed' as const]])('a %s approval: APPROVAL_ALREADY_USED', (state) => {
    const record = sampleRecord({ status: state, execution: { claimedAt: '2023-11-14T22:30:00.000Z' } });
    const error = unusableApprovalError(record, state);

    expect(error).toMatchObject({ code: 'APPROVAL_ALREADY_USED', details: { status: state } });
    expect(error.message).toContain('claimed at 2023-11-14T22:30:00.000Z');
  });
});
