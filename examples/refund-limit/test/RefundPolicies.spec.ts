import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { RefundPolicies } from '../src/RefundPolicies.js';
import { SupportAgent } from '../src/SupportAgent.js';
import { recipeLimits } from '../src/TenantLimits.js';

const policies = new RefundPolicies(recipeLimits);
const refund = SupportAgent.prototype.refundCustomer;
const prod = { environment: 'prod', tenantId: 'tenant_acme', scopes: ['refunds:create'] } as const;

describe('refund_require_prod', () => {
  it.each([
    ['prod', true],
    ['staging', false],
    ['dev', false],
    ['test', false],
  ] as const)('in %s allows: %s', (environment, allowed) => {
    const decision = policies.requireProd(createPolicyContext(refund, ['cust_1', 10], { ...prod, environment }));
    if (allowed) expect(decision).toAllow();
    else expect(decision).toDeny(/only be issued in the production environment/);
  });
});

describe('refund_scope_check', () => {
  it.each([
    [['refunds:create'], true],
    [['refunds:*'], true],
    [['*'], true],
    [[], false],
    [['refunds:read'], false],
    [['billing:*'], false],
  ])('with scopes %j allows: %s', (scopes, allowed) => {
    const decision = policies.requireScope(createPolicyContext(refund, ['cust_1', 10], { ...prod, scopes }));
    if (allowed) expect(decision).toAllow();
    else expect(decision).toDeny('requires refunds:create scope');
  });
});

describe('refund_amount_limit', () => {
  it.each([
    ['tenant_acme', 75, 'allow'],
    ['tenant_acme', 100, 'allow'],
    ['tenant_acme', 100.01, /\$100\.01 exceeds the \$100\.00 limit for tenant tenant_acme/],
    ['tenant_acme', 349, /\$349\.00 exceeds the \$100\.00 limit/],
    ['tenant_globex', 250, 'allow'],
    ['tenant_globex', 251, /exceeds the \$250\.00 limit for tenant tenant_globex/],
    ['tenant_initech', 51, /exceeds the \$50\.00 limit/],
    ['tenant_unknown', 100, 'allow'],
    ['tenant_unknown', 101, /exceeds the \$100\.00 limit/],
    ['tenant_acme', 0, /must be positive/],
    ['tenant_acme', -5, /must be positive/],
    ['tenant_acme', Number.NaN, /must be positive/],
  ] as const)('%s refunding %d: %s', (tenantId, amountUsd, expected) => {
    const decision = policies.amountLimit(createPolicyContext(refund, ['cust_1', amountUsd], { ...prod, tenantId }));
    if (expected === 'allow') expect(decision).toAllow();
    else expect(decision).toDeny(expected);
  });

  it('denies a refund whose amount is missing', () => {
    expect(policies.amountLimit(createPolicyContext(refund, ['cust_1'], prod))).toDeny(/must be positive/);
  });
});
