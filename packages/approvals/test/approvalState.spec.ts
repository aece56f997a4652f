import { approvalState, type ApprovalStatus } from '@brane/approvals';
import { sampleRecord } from './fixtures/records';

const expiresAtMs = Date.parse(sampleRecord().expiresAt);

describe('approvalState', () => {
  it.each<[ApprovalStatus, number, string]>([
    ['pending', expiresAtMs - 1, 'pending'],
    ['pending', expiresAtMs, 'expired'],
    ['pending', expiresAtMs + 1, 'expired'],
    ['approved', expiresAtMs - 1, 'approved'],
    ['approved', expiresAtMs, 'expired'],
    ['rejected', expiresAtMs + 1, 'rejected'],
    ['executing', expiresAtMs + 1, 'executing'],
    ['completed', expiresAtMs + 1, 'completed'],
  ])('a %s record at expiresAt %+d ms is %s', (status, now, state) => {
    expect(approvalState(sampleRecord({ status }), now)).toBe(state);
  });

  it('treats an unreadable expiresAt as expired (fail closed)', () => {
    expect(approvalState(sampleRecord({ expiresAt: 'soon' }), 0)).toBe('expired');
  });
});
