import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  BraneError,
  CapabilityDeniedError,
} from '@brane/errors';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { denialOf } from '../src/denialOf.js';

const call = { tool: 'refund', capability: 'ai.refund' };
const noDescription = () => '';

describe('denialOf', () => {
  it('maps a deny to a denial with the policy, its reason and the stage', async () => {
    const runtime = new Runtime({ agentId: 'a' });
    const refund = runtime.capability({ name: 'ai.refund' }, async ({ amountUsd }: { amountUsd: number }) => amountUsd);
    runtime.beforeCapability('ai.refund', { name: 'refund_limit' }, () => Decision.deny('Too much'));
    const error = await refund({ amountUsd: 1 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(denialOf(error, call, noDescription)).toStrictEqual({
      type: 'brane-denial',
      outcome: 'denied',
      tool: 'refund',
      capability: 'ai.refund',
      reason: 'Too much',
      stage: 'before',
      policy: 'refund_limit',
      actionId: (error as CapabilityDeniedError).actionId,
      message: expect.stringContaining('Reason: Too much.') as string,
    });
  });

  it('maps the approval errors', () => {
    const required = new ApprovalRequiredError({
      approvalId: 'ap_1',
      capability: 'ai.refund',
      actionId: 'act_1',
      decision: Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Big' }),
      approverGroups: ['finance-ops'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      recorded: Promise.resolve(),
    });
    expect(denialOf(required, call, noDescription)).toMatchObject({
      outcome: 'approval_required',
      approvalId: 'ap_1',
      approverGroups: ['finance-ops'],
      reason: 'Big',
    });
    const rejected = new ApprovalRejectedError({
      approvalId: 'ap_1',
      capability: 'ai.refund',
      rejectedBy: 'maria',
      rejectedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(denialOf(rejected, call, noDescription)).toMatchObject({
      outcome: 'approval_rejected',
      reason: 'Rejected by maria',
    });
    const expired = new ApprovalExpiredError({ approvalId: 'ap_1', capability: 'ai.refund', expiresAt: 'then' });
    expect(denialOf(expired, call, noDescription)).toMatchObject({ outcome: 'approval_expired' });
    const used = new ApprovalError('APPROVAL_ALREADY_USED', 'ap_1', 'Approval ap_1 was already used');
    expect(denialOf(used, call, noDescription)).toMatchObject({
      outcome: 'approval_unusable',
      capability: 'ai.refund',
    });
  });

  it('leaves every other error to the SDK', () => {
    expect(denialOf(new Error('down'), call, noDescription)).toBeUndefined();
    expect(denialOf(new BraneError('INVALID_ARGUMENT', 'bad'), call, noDescription)).toBeUndefined();
    expect(denialOf('a string', call, noDescription)).toBeUndefined();
  });

  it('lets describeDenial write the message, and keeps the default when it fails', () => {
    const error = new CapabilityDeniedError({
      decision: Decision.deny('Too much'),
      capability: 'ai.refund',
      stage: 'before',
      actionId: 'act_1',
    });
    expect(denialOf(error, call, (info) => `Blocked: ${info.reason}`)?.message).toBe('Blocked: Too much');
    const failing = () => {
      throw new Error('oops');
    };
    expect(denialOf(error, call, failing)?.message).toMatch(/^Not allowed/);
  });
});

describe('denialOf and long texts (security review, finding 10)', () => {
  it('bounds the reason and the message, including one written by describeDenial', () => {
    const huge = 'y'.repeat(1_000_000);
    const error = new CapabilityDeniedError({
      decision: Decision.deny(huge),
      capability: 'ai.refund',
      stage: 'before',
      actionId: 'a1',
    });

    const denial = denialOf(error, call, (info) => `Refused: ${info.reason}${huge}`);

    expect(denial?.reason).toBe(`${'y'.repeat(2000)} … [cut 998,000 characters]`);
    expect(denial?.message).toMatch(/^Refused: y{1991} … \[cut [\d,]+ characters\]$/);
  });
});
