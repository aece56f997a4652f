import { AfterCapability, BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/**
 * The support team's policies, on the capabilities `governTools` makes of the AI SDK tools (`ai.<tool>`):
 * refunds up to $100 are allowed, up to $500 need approval from `finance-ops`, larger ones are denied; a
 * customer's email address never reaches the model.
 */
export class SupportPolicies {
  @BeforeCapability('ai.refund', { name: 'refund_limit', version: '1.0' })
  refundLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (amount > 500) return Decision.deny(`Refund of $${amount} exceeds the $500 limit`);
    if (amount > 100) {
      return Decision.requireApproval({
        approverGroup: 'finance-ops',
        reason: `Refund of $${amount} needs approval`,
        expiresInMinutes: 60,
      });
    }
    return Decision.allow();
  }

  @AfterCapability('ai.lookup_customer', { name: 'mask_customer_email', version: '1.0' })
  maskEmail(): Decision {
    return Decision.redact(['email'], { reason: 'Email addresses are personal data' });
  }
}
