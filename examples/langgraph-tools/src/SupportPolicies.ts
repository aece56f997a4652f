import { AfterCapability, BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** Refunds up to this amount need no approval. */
export const REFUND_LIMIT_USD = 100;

/**
 * The support agent's policies. They target the LangChain tools by their capability names
 * (`langchain.<tool name>`) and read the tools' inputs by key, like any other capability's arguments.
 */
export class SupportPolicies {
  @BeforeCapability('langchain.refund_customer', { name: 'refund_limit', version: '1.0' })
  refundLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (!(amount > 0)) return Decision.deny('A refund must be a positive amount');
    if (amount <= REFUND_LIMIT_USD) return Decision.allow();
    return Decision.requireApproval({
      approverGroup: 'finance-ops',
      reason: `A refund of $${amount} is over the $${REFUND_LIMIT_USD} limit`,
      context: { limitUsd: REFUND_LIMIT_USD },
      distinctApprover: true,
    });
  }

  @BeforeCapability('langchain.delete_customer', { name: 'no_deletions', version: '1.0' })
  noDeletions(): Decision {
    return Decision.deny('Support agents may not delete customers; ask the data protection team');
  }

  @AfterCapability('langchain.lookup_customer', { name: 'mask_customer_email', version: '1.0' })
  maskEmail(ctx: PolicyContext): Decision {
    if (ctx.agentHasScope('pii:read')) return Decision.allow();
    return Decision.redact(['email'], { reason: 'Support agents see no email addresses without pii:read' });
  }
}
