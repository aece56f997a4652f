import { StringAdapter, newEnforcer, newModelFromString } from 'casbin';
import { RefundDeniedError } from './inlineForm.js';
import { issueRefund, issueRefundAsync, type RecipeForm } from './RecipeForm.js';
import { DEFAULT_LIMIT, TENANT_LIMITS, type RecipeRequest } from './RecipeRequest.js';

/**
 * The recipe as a Casbin ABAC model: one policy line per tenant limit plus a `*` line for other tenants,
 * the environment, scope and amount checked by the matcher. Scope wildcards and "another tenant" are
 * Casbin custom functions, as a Casbin user would write them.
 */
const MODEL = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = tenant, limit, act

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && r.sub.environment == "prod" && hasScope(r.sub.scopes, "refunds:create") && r.obj.amountUsd > 0 && (r.obj.tenantId == p.tenant || (p.tenant == "*" && !knownTenant(r.obj.tenantId))) && r.obj.amountUsd <= toNumber(p.limit)
`;

/** Casbin enforcing the recipe; its sync form uses `enforceSync`, its async form `enforce`. */
export async function casbinForm(): Promise<RecipeForm> {
  const lines = [
    ...Object.entries(TENANT_LIMITS).map(([tenant, limit]) => `p, ${tenant}, ${limit}, refund_customer`),
    `p, *, ${DEFAULT_LIMIT}, refund_customer`,
  ];
  const enforcer = await newEnforcer(newModelFromString(MODEL), new StringAdapter(lines.join('\n')));
  await enforcer.addFunction('hasScope', (granted: readonly string[], required: string) =>
    granted.some(
      (scope) =>
        scope === required || scope === '*' || (scope.endsWith(':*') && required.startsWith(scope.slice(0, -1))),
    ),
  );
  await enforcer.addFunction('knownTenant', (tenantId: string) => Object.hasOwn(TENANT_LIMITS, tenantId));
  await enforcer.addFunction('toNumber', (value: string) => Number(value));
  const args = (request: RecipeRequest) =>
    [
      { environment: request.environment, scopes: request.scopes },
      { tenantId: request.tenantId, amountUsd: request.amountUsd },
      'refund_customer',
    ] as const;
  return {
    name: 'Casbin (casbin)',
    sync(request) {
      if (!enforcer.enforceSync(...args(request))) throw new RefundDeniedError('Casbin denied the refund');
      return issueRefund('cust_1', request.amountUsd, '');
    },
    async async(request) {
      if (!(await enforcer.enforce(...args(request)))) throw new RefundDeniedError('Casbin denied the refund');
      return issueRefundAsync('cust_1', request.amountUsd, '');
    },
    isDenial: (error) => error instanceof RefundDeniedError,
  };
}
