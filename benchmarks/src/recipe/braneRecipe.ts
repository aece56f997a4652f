import { BeforeCapability, Capability, Decision, Runtime, type PolicyContext } from '@brane/sdk';
import { issueRefund, issueRefundAsync } from './RecipeForm.js';
import { limitFor } from './RecipeRequest.js';

const refundCapability = {
  name: 'refund_customer',
  type: 'tool',
  risk: 'high',
  effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
  dataNamespace: 'billing.refunds',
  owner: 'payments-team',
} as const;

/** The recipe's agent, with a synchronous refund. */
export class RecipeAgent {
  @Capability(refundCapability)
  refundCustomer(customerId: string, amountUsd: number, reason = ''): number {
    return issueRefund(customerId, amountUsd, reason);
  }
}

/** The recipe's agent, with an async refund. */
export class RecipeAsyncAgent {
  @Capability(refundCapability)
  async refundCustomer(customerId: string, amountUsd: number, reason = ''): Promise<number> {
    return issueRefundAsync(customerId, amountUsd, reason);
  }
}

/** The recipe's three policies, exactly as recipe-refund-limit.txt writes them. */
export class RecipePolicies {
  constructor(private readonly limitOf: (tenantId: string) => number = limitFor) {}

  @BeforeCapability('refund_customer', { name: 'refund_require_prod', version: '1.0', priority: 200 })
  requireProd(ctx: PolicyContext): Decision {
    if (!ctx.isProd) return Decision.deny('Refunds can only be issued in the production environment');
    return Decision.allow();
  }

  @BeforeCapability('refund_customer', { name: 'refund_scope_check', version: '1.0', priority: 150 })
  requireScope(ctx: PolicyContext): Decision {
    if (!ctx.agentHasScope('refunds:create'))
      return Decision.deny('Agent requires refunds:create scope to issue refunds');
    return Decision.allow();
  }

  @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '1.0', priority: 100 })
  amountLimit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (!(amount > 0)) return Decision.deny('Refund amount must be positive');
    if (amount > this.limitOf(ctx.tenantId ?? '')) return Decision.deny('Refund exceeds the tenant limit');
    return Decision.allow();
  }
}

/** Who a recipe runtime acts as. */
export interface RecipeIdentity {
  readonly environment: 'prod' | 'staging';
  readonly tenantId: string;
  readonly scopes: readonly string[];
}

/** The identity of the request every benchmark allows: prod, tenant_acme, with the scope. */
export const RECIPE_IDENTITY: RecipeIdentity = Object.freeze({
  environment: 'prod',
  tenantId: 'tenant_acme',
  scopes: Object.freeze(['refunds:create']),
});

/** A runtime with `identity` and the recipe's policies, governing a sync recipe agent. */
export function recipeRuntime(identity: RecipeIdentity = RECIPE_IDENTITY): { runtime: Runtime; agent: RecipeAgent } {
  const runtime = new Runtime({ agentId: 'support-agent', ...identity });
  runtime.use(new RecipePolicies());
  return { runtime, agent: runtime.govern(new RecipeAgent()) };
}

/** Governed sync and async recipe agents, each on its own runtime with the recipe's policies. */
export function recipeAgents(identity: RecipeIdentity): {
  sync: RecipeAgent;
  async: RecipeAsyncAgent;
  runtimes: Runtime[];
} {
  const { runtime, agent } = recipeRuntime(identity);
  const asyncRuntime = new Runtime({ agentId: 'support-agent', ...identity });
  asyncRuntime.use(new RecipePolicies());
  return { sync: agent, async: asyncRuntime.govern(new RecipeAsyncAgent()), runtimes: [runtime, asyncRuntime] };
}
