import '@brane/sdk/jest';
import { Runtime } from '@brane/sdk';
import { createPolicyContext } from '@brane/sdk/testing';
import { SupportDesk } from '../src/SupportDesk.js';
import { SupportPolicies, exampleLimits } from '../src/SupportPolicies.js';
import { supportTools } from '../src/supportTools.js';

const policies = new SupportPolicies(exampleLimits);

/** The governed capability of a tool, as policies see it. */
function capabilityOf(name: string) {
  const runtime = new Runtime();
  supportTools(runtime, new SupportDesk([]));
  return runtime.capabilities.find((capability) => capability.name === name)!;
}

describe('refund_limit', () => {
  const refund = capabilityOf('openai.refund_customer');

  it.each([
    [75, 'allow'],
    [100, 'allow'],
    [100.01, 'approval_required'],
    [500, 'approval_required'],
    [500.5, 'deny'],
    [0, 'deny'],
    [-5, 'deny'],
    [Number.NaN, 'deny'],
  ])('a refund of $%d: %s', (amountUsd, type) => {
    const decision = policies.refundLimit(createPolicyContext(refund, { customerId: 'cust_1', amountUsd }));
    expect(decision).toHaveDecisionType(type as 'allow');
  });

  it("asks finance, with the facts, and bars the agent's principal from approving", () => {
    const decision = policies.refundLimit(
      createPolicyContext(refund, { customerId: 'cust_1', amountUsd: 250 }, { principalId: 'user_lee' }),
    );
    expect(decision.approval).toMatchObject({
      approverGroups: ['finance-ops'],
      reason: 'Refund of $250 is over $100',
      context: { customerId: 'cust_1', amountUsd: 250 },
      distinctApprover: true,
    });
  });
});

describe('mask_customer_email', () => {
  const lookup = capabilityOf('openai.lookup_customer');
  const after = { stage: 'after', output: { id: 'c', email: 'e', notes: 'n' } } as const;

  it('masks the email and removes the notes without pii:read', () => {
    const decision = policies.maskEmail(createPolicyContext(lookup, { customerId: 'c' }, after));
    expect(decision).toHaveDecisionType('redact');
    expect(decision.mutations?.redact).toEqual([
      { path: 'email', action: 'mask', mask: '[REDACTED]' },
      { path: 'notes', action: 'remove' },
    ]);
  });

  it('allows with pii:read', () => {
    const decision = policies.maskEmail(
      createPolicyContext(lookup, { customerId: 'c' }, { ...after, scopes: ['pii:read'] }),
    );
    expect(decision).toAllow();
  });
});
