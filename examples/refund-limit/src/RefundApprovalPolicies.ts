import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';
import { RefundPolicies } from './RefundPolicies.js';

/**
 * The recipe's "approval instead of deny": the same three policies, except that a refund over the tenant's
 * limit pauses for a human in `finance-ops` instead of being blocked. `refund_amount_limit` becomes version
 * 2.0, so an approval records which version asked for it.
 */
export class RefundApprovalPolicies extends RefundPolicies {
  @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '2.0', priority: 100 })
  override amountLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (!(amount > 0)) return Decision.deny('Refund amount must be positive');
    const limit = this.limits.for(ctx.tenantId);
    if (amount <= limit) return Decision.allow();
    return Decision.requireApproval({
      approverGroup: 'finance-ops',
      reason:
        `Refund of $${amount.toFixed(2)} exceeds the $${limit.toFixed(2)} limit for tenant ${ctx.tenantId ?? 'unknown'} ` +
        'and requires human approval',
      expiresInMinutes: 60,
      context: { customerId: ctx.arg<string>('customerId'), amount, tenant: ctx.tenantId ?? null },
      // The support rep the agent acts for may not approve their own refund.
      distinctApprover: true,
    });
  }
}
