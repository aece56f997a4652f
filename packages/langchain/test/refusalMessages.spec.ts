import { Decision } from '@brane/decisions';
import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  CapabilityDeniedError,
  MAX_CUT_MARKER_LENGTH,
  MAX_TEXT_LENGTH,
} from '@brane/errors';
import { refusalMessages } from '../src/refusalMessages.js';

const approval = {
  approvalId: 'ap_1',
  capability: 'langchain.refund',
  tool: 'refund',
  toolCallId: 'call_1',
  tenantId: 'tenant_acme',
  principalId: 'user_lee',
  args: {},
  approverGroups: ['finance-ops', 'cfo'],
  reason: 'Large refund',
  context: {},
  expiresAt: '2030-01-01T00:00:00.000Z',
};

describe('refusalMessages', () => {
  it('tells the model, in one sentence, why the call did not run', () => {
    const denied = (stage: 'before' | 'after') =>
      new CapabilityDeniedError({ decision: Decision.deny('Not today'), capability: 'x', stage, actionId: 'a' });
    expect(refusalMessages.denied(denied('before'))).toBe('Brane denied this call: Not today');
    expect(refusalMessages.denied(denied('after'))).toBe('Brane withheld the result of this call: Not today');
    expect(refusalMessages.approvalRequired(approval)).toBe(
      'Brane: this call needs approval from finance-ops or cfo (approval ap_1) and has not run. Reason: Large refund',
    );
    const rejected = new ApprovalRejectedError({
      approvalId: 'ap_1',
      capability: 'x',
      rejectedBy: 'maria',
      rejectedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(refusalMessages.rejected(rejected)).toBe(
      'Brane: approval ap_1 was rejected by maria, so this call did not run.',
    );
    expect(refusalMessages.notApproved(approval, undefined, undefined)).toBe(
      'Brane: approval ap_1 was not approved, so this call did not run.',
    );
    expect(refusalMessages.notApproved(approval, 'Too much', 'maria@finance')).toBe(
      'Brane: approval ap_1 was not approved by maria@finance (Too much), so this call did not run.',
    );
    const expired = new ApprovalExpiredError({ approvalId: 'ap_1', capability: 'x', expiresAt: '2030' });
    expect(refusalMessages.expired(expired)).toBe(
      'Brane: approval ap_1 expired before this call could run, so it did not run.',
    );
    const used = new ApprovalError('APPROVAL_ALREADY_USED', 'ap_1', 'Approval ap_1 was already used');
    expect(refusalMessages.unusable(used)).toBe('Brane did not run this call: Approval ap_1 was already used');
  });
});

describe('refusalMessages and long texts (security review, finding 10)', () => {
  const huge = 'z'.repeat(1_000_000);

  it('bounds every message, even around an approver comment from the resume payload', () => {
    const denied = new CapabilityDeniedError({
      decision: Decision.deny(huge),
      capability: 'x',
      stage: 'before',
      actionId: 'a',
    });
    const messages = [
      refusalMessages.denied(denied),
      refusalMessages.approvalRequired({ ...approval, reason: huge }),
      refusalMessages.notApproved(approval, huge, 'maria@finance'),
      refusalMessages.unusable(new ApprovalError('APPROVAL_ALREADY_USED', 'ap_1', huge)),
    ];

    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH + MAX_CUT_MARKER_LENGTH);
      expect(message).toMatch(/ … \[cut [\d,]+ characters\]/);
    }
  });
});
