import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { REFUND_LIMIT_USD, SupportPolicies } from '../src/SupportPolicies.js';

const policies = new SupportPolicies();
const identity = { environment: 'prod', tenantId: 'tenant_acme', principalId: 'sam@support' } as const;

describe('refund_limit', () => {
  it.each([
    [40, 'allow'],
    [REFUND_LIMIT_USD, 'allow'],
    [100.01, 'approval_required'],
    [900, 'approval_required'],
    [0, 'deny'],
    [-5, 'deny'],
    [Number.NaN, 'deny'],
  ] as const)('refunding $%d: %s', (amountUsd, type) => {
    const ctx = createPolicyContext('langchain.refund_customer', { customerId: 'cust_ada', amountUsd }, identity);
    expect(policies.refundLimit(ctx)).toHaveDecisionType(type);
  });

  it('asks finance-ops, and bars the support rep from approving their own refund', () => {
    const ctx = createPolicyContext('langchain.refund_customer', { customerId: 'cust_ada', amountUsd: 250 }, identity);
    expect(policies.refundLimit(ctx).approval).toMatchObject({
      approverGroups: ['finance-ops'],
      reason: 'A refund of $250 is over the $100 limit',
      context: { limitUsd: 100 },
      distinctApprover: true,
    });
  });
});

describe('no_deletions', () => {
  it('denies every deletion', () => {
    expect(policies.noDeletions()).toDeny(/may not delete customers/);
  });
});

describe('mask_customer_email', () => {
  const customer = { id: 'cust_ada', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'enterprise' };
  it.each([
    [['crm:read'], 'redact'],
    [['crm:read', 'pii:read'], 'allow'],
  ] as const)('with scopes %p: %s', (scopes, type) => {
    const ctx = createPolicyContext(
      'langchain.lookup_customer',
      { customerId: 'cust_ada' },
      { ...identity, scopes, stage: 'after', output: customer },
    );
    expect(policies.maskEmail(ctx)).toHaveDecisionType(type);
  });
});
