import { ForbiddenError, createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import { issueRefund, issueRefundAsync, type RecipeForm } from './RecipeForm.js';
import { DEFAULT_LIMIT, TENANT_LIMITS, type RecipeRequest } from './RecipeRequest.js';

/**
 * The recipe in CASL: an ability per agent (built once from its scopes, as CASL abilities are built per
 * user), with one rule per tenant limit and one for all other tenants; the environment and amount are
 * conditions on the refund. `ability.can` decides; a deny throws CASL's own `ForbiddenError`.
 */
export function caslAbility(scopes: readonly string[]): MongoAbility {
  const scoped = scopes.some((scope) => scope === 'refunds:create' || scope === 'refunds:*' || scope === '*');
  if (!scoped) return createMongoAbility([]);
  const known = Object.keys(TENANT_LIMITS);
  return createMongoAbility([
    ...Object.entries(TENANT_LIMITS).map(([tenantId, limit]) => ({
      action: 'create',
      subject: 'Refund',
      conditions: { environment: 'prod', tenantId, amountUsd: { $gt: 0, $lte: limit } },
    })),
    {
      action: 'create',
      subject: 'Refund',
      conditions: { environment: 'prod', tenantId: { $nin: known }, amountUsd: { $gt: 0, $lte: DEFAULT_LIMIT } },
    },
  ]);
}

/** CASL enforcing the recipe. */
export function caslForm(): RecipeForm {
  const abilities = new Map<string, MongoAbility>();
  const abilityFor = (scopes: readonly string[]): MongoAbility => {
    const key = scopes.join(' ');
    let ability = abilities.get(key);
    if (ability === undefined) abilities.set(key, (ability = caslAbility(scopes)));
    return ability;
  };
  // `ability.can` decides; the ForbiddenError (which captures a stack) is built only for a denial.
  const check = (request: RecipeRequest): void => {
    const ability = abilityFor(request.scopes);
    const refund = subject('Refund', {
      environment: request.environment,
      tenantId: request.tenantId,
      amountUsd: request.amountUsd,
    });
    if (!ability.can('create', refund)) ForbiddenError.from(ability).throwUnlessCan('create', refund);
  };
  return {
    name: 'CASL (@casl/ability)',
    sync(request) {
      check(request);
      return issueRefund('cust_1', request.amountUsd, '');
    },
    async async(request) {
      check(request);
      return issueRefundAsync('cust_1', request.amountUsd, '');
    },
    isDenial: (error) => error instanceof ForbiddenError,
  };
}
