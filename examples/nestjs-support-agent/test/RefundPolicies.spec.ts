import 'reflect-metadata';
import '@brane/sdk/jest';
import { Test } from '@nestjs/testing';
import { createPolicyContext } from '@brane/sdk/testing';
import { RefundPolicies } from '../src/RefundPolicies.js';
import { SupportAgent } from '../src/SupportAgent.js';
import { TenantLimits } from '../src/TenantLimits.js';

const refund = SupportAgent.prototype.refundCustomer;
const acme = { environment: 'prod', tenantId: 'tenant_acme', scopes: ['refunds:create'] } as const;

describe('RefundPolicies', () => {
  let policies: RefundPolicies;
  beforeAll(async () => {
    // As Nest users test a provider: the container builds it; TenantLimits could be overridden here.
    const moduleRef = await Test.createTestingModule({ providers: [RefundPolicies, TenantLimits] }).compile();
    policies = moduleRef.get(RefundPolicies);
  });

  it.each([
    ['prod', true],
    ['staging', false],
  ] as const)('refund_require_prod in %s allows: %s', (environment, allowed) => {
    const decision = policies.requireProd(createPolicyContext(refund, ['cust_1', 10], { ...acme, environment }));
    if (allowed) expect(decision).toAllow();
    else expect(decision).toDeny(/production environment/);
  });

  it.each([
    [['refunds:create'], true],
    [['refunds:*'], true],
    [['tickets:read'], false],
    [[], false],
  ])('refund_scope_check with %j allows: %s', (scopes, allowed) => {
    const decision = policies.requireScope(createPolicyContext(refund, ['cust_1', 10], { ...acme, scopes }));
    if (allowed) expect(decision).toAllow();
    else expect(decision).toDeny(/refunds:create scope/);
  });

  it.each([
    ['tenant_acme', 100, 'allow'],
    ['tenant_acme', 101, 'approval_required'],
    ['tenant_globex', 250, 'allow'],
    ['tenant_globex', 349, 'approval_required'],
    ['tenant_acme', 0, 'deny'],
  ] as const)('refund_amount_limit for %s of $%i: %s', (tenantId, amount, type) => {
    const decision = policies.amountLimit(createPolicyContext(refund, ['cust_1', amount], { ...acme, tenantId }));
    expect(decision.type).toBe(type);
  });
});
