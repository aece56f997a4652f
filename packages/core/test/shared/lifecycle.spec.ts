// Runs under both compilations: standard (TC39) decorators and `experimentalDecorators`.
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { PolicyContext } from '@brane/policy-engine';
import { AfterCapability, AgentAction, BeforeCapability, Capability, Runtime } from '@brane/core';

class TenantLimits {
  constructor(private readonly limits: Readonly<Record<string, number>>) {}
  for(tenantId: string | undefined): number {
    return this.limits[tenantId ?? ''] ?? 100;
  }
}

class SupportAgent {
  readonly refunds: number[] = [];

  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
  })
  async refundCustomer(
    customerId: string,
    amountUsd: number,
    reason = '',
  ): Promise<{ customerId: string; amountUsd: number; reason: string }> {
    this.refunds.push(amountUsd);
    return { customerId, amountUsd, reason };
  }

  @Capability({ name: 'lookup_customer', risk: 'low' })
  lookupCustomer(customerId: string): { customerId: string; email: string } {
    return { customerId, email: `${customerId}@example.com` };
  }
}

class RefundPolicies {
  readonly order: string[] = [];
  constructor(private readonly limits: TenantLimits) {}

  @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '1.0', priority: 100 })
  amountLimit(ctx: PolicyContext): Decision {
    this.order.push('refund_amount_limit');
    const amount = ctx.arg<number>('amountUsd', 0);
    if (amount > this.limits.for(ctx.tenantId)) return Decision.deny(`Refund of $${amount} exceeds the limit`);
    return Decision.allow();
  }

  @BeforeCapability('refund_customer', { name: 'refund_require_prod', version: '1.0', priority: 200 })
  requireProd(ctx: PolicyContext): Decision {
    this.order.push('refund_require_prod');
    return ctx.isProd ? Decision.allow() : Decision.deny('Refunds only in prod');
  }

  @BeforeCapability('refund_customer', { name: 'refund_scope_check', version: '1.0', priority: 150 })
  requireScope(ctx: PolicyContext): Decision {
    this.order.push('refund_scope_check');
    return ctx.agentHasScope('refunds:create')
      ? Decision.allow()
      : Decision.deny('Agent requires refunds:create scope');
  }
}

class PrivacyPolicies {
  @AfterCapability('lookup_customer', { name: 'no_internal_emails' })
  noInternalEmails(ctx: PolicyContext): Decision {
    const output = ctx.output as { email: string };
    return output.email.startsWith('internal') ? Decision.deny('Output exposes an internal account') : Decision.allow();
  }
}

function setup(environment: 'prod' | 'staging' = 'prod', scopes = ['refunds:create']) {
  const runtime = new Runtime({ agentId: 'support-agent', environment, tenantId: 'tenant_acme', scopes });
  const policies = runtime.use(new RefundPolicies(new TenantLimits({ tenant_acme: 100, tenant_globex: 250 })));
  runtime.use(new PrivacyPolicies());
  const agent = runtime.govern(new SupportAgent());
  return { runtime, policies, agent };
}

describe('the lifecycle of a governed call', () => {
  it('runs an allowed call, with policies in priority order (highest first)', async () => {
    const { policies, agent } = setup();
    await expect(agent.refundCustomer('cust_123', 75)).resolves.toEqual({
      customerId: 'cust_123',
      amountUsd: 75,
      reason: '',
    });
    expect(policies.order).toEqual(['refund_require_prod', 'refund_scope_check', 'refund_amount_limit']);
    expect(agent.refunds).toEqual([75]);
  });

  it('denies with CapabilityDeniedError carrying the policy, version, action and reason; the body never runs', async () => {
    const { agent } = setup();
    const error = (await agent.refundCustomer('cust_456', 349).catch((e: unknown) => e)) as CapabilityDeniedError;
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(error).toMatchObject({
      code: 'CAPABILITY_DENIED',
      reason: 'Refund of $349 exceeds the limit',
      policyName: 'refund_amount_limit',
      policyVersion: '1.0',
      capability: 'refund_customer',
      stage: 'before',
    });
    expect(error.message).toContain('Refund of $349 exceeds the limit');
    expect(error.actionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(error.decision.denied).toBe(true);
    expect(error.decision.actionId).toBe(error.actionId);
    expect(error.decision.policyName).toBe('refund_amount_limit');
    expect(agent.refunds).toEqual([]);
  });

  it('stops at the first deny: later policies never run', async () => {
    const { policies, agent } = setup('staging');
    await expect(agent.refundCustomer('cust_1', 10)).rejects.toMatchObject({ policyName: 'refund_require_prod' });
    expect(policies.order).toEqual(['refund_require_prod']);
  });

  it('uses the injected dependency through `this`', async () => {
    const { runtime, agent } = setup();
    await runtime.withContext({ tenantId: 'tenant_globex' }, async () => {
      await expect(agent.refundCustomer('cust_1', 200)).resolves.toMatchObject({ amountUsd: 200 });
    });
  });

  it('after-policies see the output; a deny withholds it although the body ran', () => {
    const { agent } = setup();
    expect(agent.lookupCustomer('cust_1')).toEqual({ customerId: 'cust_1', email: 'cust_1@example.com' });
    expect(() => agent.lookupCustomer('internal_admin')).toThrow(
      expect.objectContaining({
        stage: 'after',
        policyName: 'no_internal_emails',
        reason: 'Output exposes an internal account',
      }) as Error,
    );
  });

  it('a decorated policy method stays an ordinary method that a test can call', () => {
    const policies = new RefundPolicies(new TenantLimits({}));
    const context = (environment: 'prod' | 'dev') =>
      new PolicyContext({ action: new AgentAction({ capability: { name: 'refund_customer' }, environment }) });
    expect(policies.requireProd(context('prod')).allowed).toBe(true);
    expect(policies.requireProd(context('dev')).reason).toBe('Refunds only in prod');
  });

  it('registers each decorated method once, in declaration order, and use() of the same instance twice is a no-op', () => {
    const { runtime, policies } = setup();
    expect(runtime.use(policies)).toBe(policies);
    expect(runtime.policies.map((p) => [p.name, p.priority, p.targets, p.stage])).toEqual([
      ['refund_amount_limit', 100, ['refund_customer'], 'before'],
      ['refund_require_prod', 200, ['refund_customer'], 'before'],
      ['refund_scope_check', 150, ['refund_customer'], 'before'],
      ['no_internal_emails', 0, ['lookup_customer'], 'after'],
    ]);
  });

  it('unuse() removes the policies of an instance', async () => {
    const { runtime, policies, agent } = setup('staging');
    expect(runtime.unuse(policies)).toBe(true);
    expect(runtime.unuse(policies)).toBe(false);
    await expect(agent.refundCustomer('cust_1', 10_000)).resolves.toMatchObject({ amountUsd: 10_000 });
  });
});

describe('defaults and wildcards', () => {
  class Tools {
    @Capability({ name: 'tool.a' })
    a(): string {
      return 'a';
    }
    @Capability({ name: 'tool.b' })
    b(): string {
      return 'b';
    }
  }

  it('allows a capability no policy matches, by default', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('tool.b', { name: 'no_b' }, () => Decision.deny('no b'));
    expect(runtime.govern(new Tools()).a()).toBe('a');
  });

  it("denies it when the runtime's default decision is deny", () => {
    const runtime = new Runtime({ defaultDecision: 'deny' });
    runtime.beforeCapability('tool.b', function allowB() {
      return Decision.allow();
    });
    const tools = runtime.govern(new Tools());
    expect(tools.b()).toBe('b');
    expect(() => tools.a()).toThrow(
      expect.objectContaining({
        policyName: undefined,
        reason: expect.stringMatching(/No policy matched/) as string,
      }) as Error,
    );
  });

  it('a wildcard policy runs alongside exact ones; deny wins whichever comes first', () => {
    const runtime = new Runtime();
    const calls: string[] = [];
    runtime.beforeCapability('*', { name: 'global', priority: 5 }, (ctx) => {
      calls.push(`global:${ctx.capability.name}`);
      return ctx.capability.name === 'tool.b' ? Decision.deny('global says no') : Decision.allow();
    });
    runtime.beforeCapability('tool.b', { name: 'exact', priority: 1 }, () => {
      calls.push('exact');
      return Decision.allow();
    });
    const tools = runtime.govern(new Tools());
    expect(tools.a()).toBe('a');
    expect(() => tools.b()).toThrow(/global says no/);
    expect(calls).toEqual(['global:tool.a', 'global:tool.b']);
  });

  it('ties in priority keep registration order', () => {
    const runtime = new Runtime();
    const calls: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      runtime.beforeCapability('tool.a', { name }, () => {
        calls.push(name);
        return Decision.allow();
      });
    }
    runtime.govern(new Tools()).a();
    expect(calls).toEqual(['first', 'second', 'third']);
  });

  it('a disabled policy does not run', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('tool.a', { name: 'off', enabled: false }, () => Decision.deny('should not run'));
    expect(runtime.govern(new Tools()).a()).toBe('a');
  });

  it('a decision the runtime cannot honour is a deny that says why, never an allow', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('tool.a', { name: 'reroute' }, () => Decision.route({ capability: 'tool.missing' }));
    expect(() => runtime.govern(new Tools()).a()).toThrow(
      /returned route, which cannot be honoured: no capability `tool.missing` is governed by this runtime/,
    );
  });

  it("denies a capability's required scopes before any policy runs, and allows once they are granted", () => {
    class Payouts {
      @Capability({ name: 'payout', scopes: ['payouts:create'] })
      payout(): string {
        return 'paid';
      }
    }
    const calls: string[] = [];
    const make = (scopes: string[]) => {
      const runtime = new Runtime({ scopes, defaultDecision: 'deny' });
      runtime.beforeCapability('payout', { name: 'watch' }, () => {
        calls.push('watch');
        return Decision.allow();
      });
      return runtime.govern(new Payouts());
    };
    expect(() => make(['refunds:create']).payout()).toThrow(
      expect.objectContaining({
        policyName: 'brane.required_scopes',
        reason: 'Agent lacks the scope `payouts:create` required by `payout`',
      }) as Error,
    );
    expect(calls).toEqual([]);
    expect(make(['payouts:*']).payout()).toBe('paid');
    expect(calls).toEqual(['watch']);
  });

  it('policies registered after governing apply to the next call', () => {
    const runtime = new Runtime();
    const tools = runtime.govern(new Tools());
    expect(tools.a()).toBe('a');
    runtime.beforeCapability('tool.a', { name: 'late' }, () => Decision.deny('late deny'));
    expect(() => tools.a()).toThrow(/late deny/);
  });
});
