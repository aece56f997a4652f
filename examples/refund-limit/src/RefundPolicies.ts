import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';
import type { TenantLimits } from './TenantLimits.js';

/** The three refund policies of the recipe, with tenant limits injected. */
export class RefundPolicies {
  constructor(protected readonly limits: TenantLimits) {}

  @BeforeCapability('refund_customer', { name: 'refund_require_prod', version: '1.0', priority: 200 })
  requireProd(ctx: PolicyContext): Decision {
    if (!ctx.isProd) return Decision.deny('Refunds can only be issued in the production environment');
    return Decision.allow();
  }

  @BeforeCapability('refund_customer', { name: 'refund_scope_check', version: '1.0', priority: 150 })
  requireScope(ctx: PolicyContext): Decision {
    if (!ctx.agentHasScope('refunds:create')) {
      return Decision.deny('Agent requires refunds:create scope to issue refunds');
    }
    return Decision.allow();
  }

  @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '1.0', priority: 100 })
  amountLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    const limit = this.limits.for(ctx.tenantId);
    if (!(amount > 0)) return Decision.deny('Refund amount must be positive');
    if (amount > limit) {
      return Decision.deny(
        `Refund of $${amount.toFixed(2)} exceeds the $${limit.toFixed(2)} limit for tenant ${ctx.tenantId ?? 'unknown'}. ` +
          'Human approval is required.',
      );
    }
    return Decision.allow();
  }
}
