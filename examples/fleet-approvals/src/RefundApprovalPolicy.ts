import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** Refunds up to this many dollars run at once; larger ones wait for finance. */
export const REFUND_LIMIT_USD = 100;

/** A refund over the limit needs an approver in `finance-ops`, who may not be the rep the agent acts for. */
export class RefundApprovalPolicy {
  @BeforeCapability('refund_customer', { name: 'refund_limit', version: '1' })
  limit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (!(amount > 0)) return Decision.deny('Refund amount must be positive');
    if (amount <= REFUND_LIMIT_USD) return Decision.allow();
    return Decision.requireApproval({
      approverGroup: 'finance-ops',
      reason: `Refund of $${amount.toFixed(2)} exceeds the $${REFUND_LIMIT_USD} limit`,
      expiresInMinutes: 60,
      context: { customerId: ctx.arg<string>('customerId'), amount },
      distinctApprover: true,
    });
  }
}
