import { CapabilityDeniedError } from '@brane/sdk';
import { recipeAgents } from './braneRecipe.js';
import type { RecipeForm } from './RecipeForm.js';

/**
 * Brane enforcing the recipe: one runtime per environment, the tenant and the scopes of each request given
 * per request with `withContext`, as a server handling many tenants would.
 */
export function braneForm(): RecipeForm {
  const prod = recipeAgents({ environment: 'prod', tenantId: 'tenant_acme', scopes: [] });
  const staging = recipeAgents({ environment: 'staging', tenantId: 'tenant_acme', scopes: [] });
  return {
    name: 'Brane',
    sync(request) {
      const { sync, runtimes } = request.environment === 'prod' ? prod : staging;
      const runtime = runtimes[0] as (typeof runtimes)[number];
      return runtime.withContext({ tenantId: request.tenantId, scopes: request.scopes }, () =>
        sync.refundCustomer('cust_1', request.amountUsd),
      );
    },
    async async(request) {
      const { async, runtimes } = request.environment === 'prod' ? prod : staging;
      const runtime = runtimes[1] as (typeof runtimes)[number];
      return runtime.withContext({ tenantId: request.tenantId, scopes: request.scopes }, () =>
        async.refundCustomer('cust_1', request.amountUsd),
      );
    },
    isDenial: (error) => error instanceof CapabilityDeniedError,
  };
}
