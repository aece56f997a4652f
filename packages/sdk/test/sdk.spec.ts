import '@brane/sdk/jest';
import * as sdk from '@brane/sdk';
import {
  AfterCapability,
  BeforeCapability,
  BraneError,
  Capability,
  CapabilityDeniedError,
  Decision,
  PolicyContext,
  Runtime,
} from '@brane/sdk';
import { createPolicyContext, decisionMatchers } from '@brane/sdk/testing';
import { expectTypeOf } from 'expect-type';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Refund limits per tenant, in USD: the dependency the policy class receives. */
class TenantLimits {
  constructor(private readonly limits: Readonly<Record<string, number>>) {}

  for(tenantId: string | undefined): number {
    return (tenantId === undefined ? undefined : this.limits[tenantId]) ?? 0;
  }
}

// The example of the issue's "Public API" section, as written there.
class SupportAgent {
  readonly refunded: string[] = [];

  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
  })
  async refundCustomer(customerId: string, amountUsd: number, reason = ''): Promise<string> {
    this.refunded.push(`${customerId}:${amountUsd}`);
    return `refunded $${amountUsd} to ${customerId}${reason === '' ? '' : ` (${reason})`}`;
  }
}

class RefundPolicies {
  constructor(private readonly limits: TenantLimits) {}

  @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '1.0', priority: 100 })
  amountLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (amount > this.limits.for(ctx.tenantId)) return Decision.deny(`Refund of $${amount} exceeds the limit`);
    return Decision.allow();
  }
}

const limits = new TenantLimits({ tenant_acme: 100 });

function setUp(): { runtime: Runtime; agent: SupportAgent } {
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    scopes: ['refunds:create'],
  });
  runtime.use(new RefundPolicies(limits));
  const agent = runtime.govern(new SupportAgent());
  return { runtime, agent };
}

describe('@brane/sdk', () => {
  describe('the Public API example', () => {
    it('runs an allowed refund', async () => {
      const { agent } = setUp();
      await expect(agent.refundCustomer('cust_123', 75)).resolves.toBe('refunded $75 to cust_123');
      expect(agent.refunded).toEqual(['cust_123:75']);
    });

    it('denies a refund over the limit with a CapabilityDeniedError, and the body never runs', async () => {
      const { agent } = setUp();
      const call = agent.refundCustomer('cust_456', 349);
      expect(call).toBeInstanceOf(Promise);
      const error: unknown = await call.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CapabilityDeniedError);
      expect(error).toBeInstanceOf(BraneError);
      expect(error).toMatchObject({
        code: 'CAPABILITY_DENIED',
        reason: 'Refund of $349 exceeds the limit',
        policyName: 'refund_amount_limit',
        policyVersion: '1.0',
        capability: 'refund_customer',
        stage: 'before',
      });
      const denied = error as CapabilityDeniedError;
      expect(denied.message).toContain('Refund of $349 exceeds the limit');
      expect(denied.actionId).toMatch(ULID);
      expect(denied.decision).toDeny('exceeds the limit');
      expect(agent.refunded).toEqual([]);
    });

    it('registers the policy and the capability on the runtime', () => {
      const { runtime } = setUp();
      expect(runtime.policies.map((policy) => [policy.name, policy.version, policy.priority])).toEqual([
        ['refund_amount_limit', '1.0', 100],
      ]);
      expect(runtime.capabilities.map((capability) => capability.name)).toEqual(['refund_customer']);
      expect(runtime.validate()).toEqual({ ok: true, problems: [] });
    });

    it('runs an @AfterCapability policy on the output, and withholds a denied output', async () => {
      class OutputPolicies {
        @AfterCapability('refund_customer', { name: 'no_large_refund_receipts' })
        checkReceipt(ctx: PolicyContext): Decision {
          return String(ctx.output).includes('$99') ? Decision.deny('Receipt withheld') : Decision.allow();
        }
      }
      const { runtime, agent } = setUp();
      runtime.use(new OutputPolicies());
      await expect(agent.refundCustomer('cust_1', 50)).resolves.toBe('refunded $50 to cust_1');
      await expect(agent.refundCustomer('cust_2', 99)).rejects.toMatchObject({
        stage: 'after',
        policyName: 'no_large_refund_receipts',
        reason: 'Receipt withheld',
      });
      expect(agent.refunded).toEqual(['cust_1:50', 'cust_2:99']);
    });

    it('keeps the types of the governed instance and the policy API', () => {
      const { agent } = setUp();
      expectTypeOf(agent).toEqualTypeOf<SupportAgent>();
      expectTypeOf(agent.refundCustomer).returns.resolves.toBeString();
      expectTypeOf<PolicyContext['stage']>().toEqualTypeOf<'before' | 'after'>();
      expectTypeOf(Decision.deny).returns.toEqualTypeOf<Decision>();
      expectTypeOf<CapabilityDeniedError['reason']>().toBeString();
    });
  });

  describe('exports', () => {
    it.each([
      'Runtime',
      'Capability',
      'BeforeCapability',
      'AfterCapability',
      'Decision',
      'PolicyContext',
      'CapabilityDeniedError',
    ])('exports %s', (name) => {
      expect(typeof (sdk as Record<string, unknown>)[name]).toBe('function');
    });

    it('keeps the test helpers out of the main entry point', () => {
      expect(Object.keys(sdk)).not.toContain('createPolicyContext');
      expect(Object.keys(sdk)).not.toContain('decisionMatchers');
    });

    it('installs the Symbol.metadata polyfill when imported', () => {
      expect(typeof Symbol.metadata).toBe('symbol');
    });
  });

  describe('@brane/sdk/testing and @brane/sdk/jest', () => {
    const policies = new RefundPolicies(limits);
    const refund = SupportAgent.prototype.refundCustomer;

    it('builds a PolicyContext for the @Capability method, without a Runtime', () => {
      const ctx = createPolicyContext(refund, ['cust_1', 250], { tenantId: 'tenant_acme', environment: 'prod' });
      expect(ctx).toBeInstanceOf(PolicyContext);
      expect(ctx.args).toEqual({ customerId: 'cust_1', amountUsd: 250, reason: undefined });
      expect(ctx).toMatchObject({ tenantId: 'tenant_acme', isProd: true, isHighRisk: true });
    });

    it('lets a test call the decorated policy method directly and match its decision', () => {
      const at = (amountUsd: number): Decision =>
        policies.amountLimit(createPolicyContext(refund, ['cust_1', amountUsd], { tenantId: 'tenant_acme' }));
      expect(at(100)).toAllow();
      expect(at(101)).toDeny('Refund of $101 exceeds the limit');
      expect(at(349)).toDeny(/\$349/);
      expect(at(349)).toHaveDecisionType('deny');
      expect(() => {
        expect(at(349)).toAllow();
      }).toThrow('expected a Decision of type `allow`; received `deny` (reason: "Refund of $349 exceeds the limit")');
    });

    it('exports the matchers for expect.extend', () => {
      expect(Object.keys(decisionMatchers).sort()).toEqual(['toAllow', 'toDeny', 'toHaveDecisionType']);
    });
  });
});
