import { AfterCapability, BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** The refund limits of the support desk, in US dollars. */
export interface RefundLimits {
  /** Up to this amount, a refund is allowed. */
  readonly autoApproveUsd: number;
  /** Up to this amount, a refund needs approval from finance; above it, it is denied. */
  readonly maxUsd: number;
}

/**
 * The policies of the support agent's tools. They target the capabilities the governed tools are
 * (`openai.<tool name>`) and read the tool's arguments by name, as for any Brane capability.
 */
export class SupportPolicies {
  constructor(private readonly limits: RefundLimits) {}

  @BeforeCapability('openai.refund_customer', { name: 'refund_limit', version: '1.0', priority: 100 })
  refundLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (!(amount > 0)) return Decision.deny('A refund must be a positive amount');
    if (amount > this.limits.maxUsd) {
      return Decision.deny(`Refund of $${amount} exceeds the $${this.limits.maxUsd} limit`);
    }
    if (amount > this.limits.autoApproveUsd) {
      return Decision.requireApproval({
        approverGroup: 'finance-ops',
        reason: `Refund of $${amount} is over $${this.limits.autoApproveUsd}`,
        context: { customerId: ctx.arg('customerId'), amountUsd: amount },
        distinctApprover: true,
      });
    }
    return Decision.allow();
  }

  @AfterCapability('openai.lookup_customer', { name: 'mask_customer_email', version: '1.0' })
  maskEmail(ctx: PolicyContext): Decision {
    if (ctx.agentHasScope('pii:read')) return Decision.allow();
    return Decision.redact(['email', { path: 'notes', action: 'remove' }], {
      reason: 'Emails and notes are not for the model without pii:read',
    });
  }
}

/** The limits of the example. */
export const exampleLimits: RefundLimits = { autoApproveUsd: 100, maxUsd: 500 };
