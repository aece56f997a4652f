import { ApprovalRequiredError, InMemoryApprovalStore, Runtime } from '@brane/sdk';
import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { RefundApprovalPolicies } from '../src/RefundApprovalPolicies.js';
import { RefundPolicies } from '../src/RefundPolicies.js';
import { SupportAgent } from '../src/SupportAgent.js';
import { recipeLimits } from '../src/TenantLimits.js';

const policies = new RefundApprovalPolicies(recipeLimits);
const refund = SupportAgent.prototype.refundCustomer;
const prod = { environment: 'prod', tenantId: 'tenant_acme', scopes: ['refunds:create'] } as const;

describe('refund_amount_limit 2.0: approval instead of deny', () => {
  it.each([
    ['tenant_acme', 75, 'allow'],
    ['tenant_acme', 100, 'allow'],
    ['tenant_acme', 100.01, 'approval_required'],
    ['tenant_acme', 250, 'approval_required'],
    ['tenant_globex', 250, 'allow'],
    ['tenant_globex', 251, 'approval_required'],
    ['tenant_initech', 51, 'approval_required'],
    ['tenant_unknown', 100, 'allow'],
    ['tenant_unknown', 101, 'approval_required'],
    ['tenant_acme', 0, 'deny'],
    ['tenant_acme', -5, 'deny'],
    ['tenant_acme', Number.NaN, 'deny'],
  ] as const)('%s refunding %d: %s', (tenantId, amountUsd, type) => {
    const decision = policies.amountLimit(createPolicyContext(refund, ['cust_1', amountUsd], { ...prod, tenantId }));
    expect(decision).toHaveDecisionType(type);
    if (type === 'deny') expect(decision).toDeny(/must be positive/);
  });

  it('asks finance-ops for an hour, with the facts an approver needs, and bars the requester from approving', () => {
    const decision = policies.amountLimit(
      createPolicyContext(refund, ['cust_456', 250, 'Defective product'], { ...prod, principalId: 'sam@support' }),
    );

    expect(decision).toHaveDecisionType('approval_required');
    expect(decision.reason).toBe(
      'Refund of $250.00 exceeds the $100.00 limit for tenant tenant_acme and requires human approval',
    );
    expect(decision.approval).toStrictEqual({
      approverGroups: ['finance-ops'],
      reason: decision.reason,
      expiresInMs: 60 * 60_000,
      context: { customerId: 'cust_456', amount: 250, tenant: 'tenant_acme' },
      distinctApprover: true,
      requestedBy: [],
    });
  });

  it.each([
    ['tenant_globex', 300, { customerId: 'cust_9', amount: 300, tenant: 'tenant_globex' }],
    [undefined, 101, { customerId: 'cust_9', amount: 101, tenant: null }],
  ] as const)('puts tenant %s and amount %d in the context', (tenantId, amountUsd, context) => {
    const options = tenantId === undefined ? { environment: 'prod' as const } : { ...prod, tenantId };
    const decision = policies.amountLimit(createPolicyContext(refund, ['cust_9', amountUsd], options));
    expect(decision.approval?.context).toStrictEqual(context);
  });

  it('denies a refund whose amount is missing', () => {
    expect(policies.amountLimit(createPolicyContext(refund, ['cust_1'], prod))).toDeny(/must be positive/);
  });
});

describe('refund_require_prod and refund_scope_check, inherited from RefundPolicies', () => {
  const deny = new RefundPolicies(recipeLimits);

  it.each([
    ['prod', ['refunds:create']],
    ['staging', ['refunds:create']],
    ['prod', []],
  ] as const)('in %s with scopes %j, decide as RefundPolicies does', (environment, scopes) => {
    const ctx = createPolicyContext(refund, ['cust_1', 10], { ...prod, environment, scopes });
    expect(policies.requireProd(ctx).type).toBe(deny.requireProd(ctx).type);
    expect(policies.requireScope(ctx).type).toBe(deny.requireScope(ctx).type);
  });
});

describe('on a runtime', () => {
  function setup() {
    const runtime = new Runtime({
      ...prod,
      principalId: 'sam@support',
      approvals: { store: new InMemoryApprovalStore() },
    });
    runtime.use(new RefundApprovalPolicies(recipeLimits));
    return { runtime, agent: runtime.govern(new SupportAgent()) };
  }

  it('registers the three policies, the limit at version 2.0 replacing 1.0', () => {
    const { runtime } = setup();
    expect(runtime.policies.map(({ name, version, priority }) => [name, version, priority])).toStrictEqual([
      ['refund_require_prod', '1.0', 200],
      ['refund_scope_check', '1.0', 150],
      ['refund_amount_limit', '2.0', 100],
    ]);
  });

  it('runs a refund within the limit, and pauses one over it until someone in finance-ops other than the requester approves', async () => {
    const { runtime, agent } = setup();
    await expect(agent.refundCustomer('cust_123', 75)).resolves.toMatchObject({ amount: 75 });

    const paused = await agent.refundCustomer('cust_456', 250).catch((error: unknown) => error);
    expect(paused).toBeInstanceOf(ApprovalRequiredError);
    const { approvalId } = paused as ApprovalRequiredError;
    expect(agent.payments.issued).toHaveLength(1);
    await expect(runtime.approvals.approve(approvalId, { approver: 'sam@support' })).rejects.toMatchObject({
      code: 'APPROVER_NOT_ALLOWED',
    });
    expect(await runtime.approvals.get(approvalId)).toMatchObject({
      args: { customerId: 'cust_456', amountUsd: 250 },
      policies: [{ name: 'refund_amount_limit', version: '2.0' }],
      request: { approverGroups: ['finance-ops'], distinctApprover: true },
    });

    await runtime.approvals.approve(approvalId, { approver: 'maria@finance' });
    await expect(runtime.resume(approvalId)).resolves.toMatchObject({ customerId: 'cust_456', amount: 250 });
    expect(agent.payments.issued.map((issued) => issued.amount)).toStrictEqual([75, 250]);
  });
});
