import { BranePolicies } from '@brane/nestjs';
import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';
import { TenantLimits } from './TenantLimits.js';

/**
 * The refund recipe as a provider: the container builds it with its `TenantLimits`, and BraneModule registers
 * it at start-up. Over the tenant's limit, a refund waits for finance instead of being refused.
 */
@BranePolicies()
export class RefundPolicies {
  constructor(private readonly limits: TenantLimits) {}

  @BeforeCapability('refund_customer', { name: 'refund_require_prod', version: '1.0', priority: 200 })
  requireProd(ctx: PolicyContext): Decision {
    return ctx.isProd ? Decision.allow() : Decision.deny('Refunds can only be issued in the production environment');
  }

  @BeforeCapability('refund_customer', { name: 'refund_scope_check', version: '1.0', priority: 150 })
  requireScope(ctx: PolicyContext): Decision {
    return ctx.agentHasScope('refunds:create')
      ? Decision.allow()
      : Decision.deny('The caller needs the refunds:create scope to issue refunds');
  }

  @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '2.0', priority: 100 })
  amountLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    const limit = this.limits.for(ctx.tenantId);
    if (!(amount > 0)) return Decision.deny('Refund amount must be positive');
    if (amount <= limit || ctx.approval !== undefined) return Decision.allow();
    return Decision.requireApproval({
      approverGroup: 'finance-ops',
      reason: `Refund of $${amount.toFixed(2)} exceeds the $${limit.toFixed(2)} limit of ${ctx.tenantId ?? 'an unknown tenant'}`,
      expiresInMinutes: 60,
      distinctApprover: true,
    });
  }
}
