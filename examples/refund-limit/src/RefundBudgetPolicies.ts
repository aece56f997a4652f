import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';
import { TenantLimits } from './TenantLimits.js';

/**
 * A daily refund budget per tenant: each refund reserves its amount from `refunds:<tenant>`, a sliding 24-hour
 * window. Reserved only when every policy allowed the refund and it is about to run; a refund over what remains
 * is denied with what remains and when enough frees up. A failed refund gives its amount back.
 */
export class RefundBudgetPolicies {
  constructor(protected readonly budgets: TenantLimits) {}

  @BeforeCapability('refund_customer', { name: 'refund_daily_budget', version: '1.0', priority: 50 })
  dailyBudget(ctx: PolicyContext): Decision {
    const tenant = ctx.tenantId ?? 'unknown';
    return Decision.allow().withLimits({
      key: `refunds:${tenant}`,
      kind: 'sum',
      cost: ctx.arg<number>('amountUsd', 0),
      max: this.budgets.for(tenant),
      per: '24h',
      refundOnFailure: true,
    });
  }
}

/** The daily refund budgets of the example, in USD: `tenant_acme` $300 a day, others $500. */
export const dailyBudgets = new TenantLimits({ tenant_acme: 300 }, 500);
