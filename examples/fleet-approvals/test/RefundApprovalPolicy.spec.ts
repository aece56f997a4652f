import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { RefundApprovalPolicy } from '../src/RefundApprovalPolicy.js';
import { SupportAgent } from '../src/SupportAgent.js';

const policy = new RefundApprovalPolicy();
const refund = SupportAgent.prototype.refundCustomer;

describe('refund_limit: over $100, finance approves', () => {
  it.each([
    [75, 'allow'],
    [100, 'allow'],
    [100.01, 'approval_required'],
    [250, 'approval_required'],
    [0, 'deny'],
    [Number.NaN, 'deny'],
  ] as const)('$%d: %s', (amountUsd, type) => {
    const decision = policy.limit(createPolicyContext(refund, ['cust_1', amountUsd], { environment: 'prod' }));

    expect(decision).toHaveDecisionType(type);
  });

  it('asks finance-ops, and bars the rep the agent acts for from approving', () => {
    const decision = policy.limit(createPolicyContext(refund, ['cust_1', 250], { environment: 'prod' }));

    expect(decision.approval).toMatchObject({ approverGroups: ['finance-ops'], distinctApprover: true });
  });
});
