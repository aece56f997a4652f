/** One refund request of the recipe: who asks, where, for which tenant, how much. */
export interface RecipeRequest {
  readonly environment: 'prod' | 'staging';
  readonly scopes: readonly string[];
  readonly tenantId: string;
  readonly amountUsd: number;
}

/** The recipe's tenant limits (recipe-refund-limit.txt); other tenants get {@link DEFAULT_LIMIT}. */
export const TENANT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  tenant_acme: 100,
  tenant_globex: 250,
  tenant_initech: 50,
});

/** The limit of a tenant without one of its own. */
export const DEFAULT_LIMIT = 100;

/** The refund limit of `tenantId`. */
export function limitFor(tenantId: string): number {
  return Object.hasOwn(TENANT_LIMITS, tenantId) ? (TENANT_LIMITS[tenantId] as number) : DEFAULT_LIMIT;
}

/** The request every benchmark allows: $75 for tenant_acme in prod, with the scope. */
export const ALLOWED_REQUEST: RecipeRequest = Object.freeze({
  environment: 'prod',
  scopes: Object.freeze(['refunds:create']),
  tenantId: 'tenant_acme',
  amountUsd: 75,
});

/** The request every benchmark denies: $349 for tenant_acme, over its $100 limit. */
export const DENIED_REQUEST: RecipeRequest = Object.freeze({ ...ALLOWED_REQUEST, amountUsd: 349 });

/**
 * The shared set of requests every engine must decide identically: each environment, scope set, tenant and
 * an amount on each side of every limit. Amounts are whole cents, which every engine can represent.
 */
export function recipeRequests(): RecipeRequest[] {
  const requests: RecipeRequest[] = [];
  for (const environment of ['prod', 'staging'] as const) {
    for (const scopes of [['refunds:create'], ['refunds:*'], ['*'], [], ['refunds:read', 'billing:*']]) {
      for (const tenantId of ['tenant_acme', 'tenant_globex', 'tenant_initech', 'tenant_unknown']) {
        for (const amountUsd of [-5, 0, 0.01, 49.99, 50, 50.01, 75, 99.99, 100, 100.01, 249.99, 250, 250.01, 349]) {
          requests.push({ environment, scopes, tenantId, amountUsd });
        }
      }
    }
  }
  return requests;
}
