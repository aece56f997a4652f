import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';
import { containsCardNumber } from './containsCardNumber.js';
import type { TenantPlans } from './TenantPlans.js';

/** Where a prompt holding card data goes: a model that runs on our own hardware. */
export const LOCAL_MODEL = { provider: 'local', model: 'llama-3.1-8b' } as const;

/** What free-tier tenants get: the provider's cheaper model. */
export const FREE_TIER_MODEL = { model: 'gpt-4o-mini' } as const;

/**
 * Chooses the model of `chat_completion`. One policy with its rules in order, not one policy per rule:
 * two policies routing one call to two different places compose to a deny.
 */
export class ModelRoutingPolicy {
  constructor(private readonly plans: TenantPlans) {}

  @BeforeCapability('chat_completion', {
    name: 'route_chat_model',
    version: '1.0',
    description: 'Card data stays on the local model; free-tier tenants use gpt-4o-mini; others the default',
  })
  route(ctx: PolicyContext): Decision {
    const prompt = ctx.arg('prompt');
    if (typeof prompt !== 'string') return Decision.deny('The prompt must be a string');
    if (containsCardNumber(prompt)) {
      return Decision.route(LOCAL_MODEL, { reason: 'The prompt holds a card number; it must not leave our network' });
    }
    if (this.plans.for(ctx.tenantId) === 'free') {
      return Decision.route(FREE_TIER_MODEL, {
        reason: `Tenant ${ctx.tenantId ?? 'unknown'} is on the free plan`,
      });
    }
    return Decision.allow();
  }
}
