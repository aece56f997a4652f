import { Decision } from '@brane/decisions';
import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
} from '@brane/errors';
import { refusalMessage } from '../src/index.js';

const denied = (stage: 'before' | 'after') =>
  new CapabilityDeniedError({ decision: Decision.deny('Too much'), capability: 'openai.x', stage, actionId: 'a1' });

describe('refusalMessage', () => {
  it.each([
    ['a deny', denied('before'), 'Brane denied this call: Too much'],
    ['an after-stage deny', denied('after'), 'Brane withheld the result of this call: Too much'],
    [
      'a pending approval',
      new ApprovalRequiredError({
        approvalId: 'ap1',
        capability: 'openai.x',
        actionId: 'a1',
        decision: Decision.requireApproval({ approverGroup: 'ops', reason: 'Large' }),
        approverGroups: ['ops', 'finance'],
        expiresAt: '2030-01-01T00:00:00.000Z',
        recorded: Promise.resolve(),
      }),
      'This call needs approval (Brane approval ap1, from ops or finance); it did not run: Large',
    ],
    [
      'a rejection',
      new ApprovalRejectedError({ approvalId: 'ap1', capability: 'openai.x', rejectedBy: 'maria', rejectedAt: 'now' }),
      'An approver (maria) rejected this call; it did not run',
    ],
    [
      'an expiry',
      new ApprovalExpiredError({ approvalId: 'ap1', capability: 'openai.x', expiresAt: '2030-01-01T00:00:00.000Z' }),
      'The approval for this call expired at 2030-01-01T00:00:00.000Z; it did not run',
    ],
    [
      'any other refusal, by its code only',
      new ApprovalError('APPROVAL_TAMPERED', 'ap1', 'the seal of ap1 (secret details) does not match'),
      'Brane refused this call (APPROVAL_TAMPERED); it did not run',
    ],
  ])('describes %s', (_, error, expected) => {
    expect(refusalMessage(error)).toBe(expected);
  });
});
