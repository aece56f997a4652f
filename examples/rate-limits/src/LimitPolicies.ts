import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** One policy per kind of limit. Each allows, and attaches the limit its action reserves when it is about to run. */
export class LimitPolicies {
  /** `count`: 20 emails an hour per agent. */
  @BeforeCapability('send_email', { name: 'email_rate', version: '1' })
  emailRate(ctx: PolicyContext): Decision {
    return Decision.allow().withLimits({ key: `emails:${ctx.agentId ?? 'unknown'}`, max: 20, per: '1h' });
  }

  /** `sum`: $5 a day of paid API calls per tenant; a call that fails gives its cost back. */
  @BeforeCapability('call_paid_api', { name: 'api_budget', version: '1' })
  apiBudget(ctx: PolicyContext): Decision {
    return Decision.allow().withLimits({
      key: `api-spend:${ctx.tenantId ?? 'unknown'}`,
      kind: 'sum',
      cost: ctx.arg<number>('costUsd', 0),
      max: 5,
      per: '24h',
      refundOnFailure: true,
    });
  }

  /** `concurrent`: 2 browser sessions at once, per tenant. */
  @BeforeCapability('browse', { name: 'browser_sessions', version: '1' })
  browserSessions(ctx: PolicyContext): Decision {
    return Decision.allow().withLimits({ key: `browsers:${ctx.tenantId ?? 'unknown'}`, kind: 'concurrent', max: 2 });
  }
}
