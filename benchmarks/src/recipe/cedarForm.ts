import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { RefundDeniedError } from './inlineForm.js';
import { issueRefund, issueRefundAsync, type RecipeForm } from './RecipeForm.js';
import { DEFAULT_LIMIT, TENANT_LIMITS, type RecipeRequest } from './RecipeRequest.js';

const POLICY_SET_ID = 'brane-recipe';

/**
 * The recipe in Cedar: one `permit` per tenant limit and one for all other tenants, each requiring prod and
 * the scope. Cedar integers have no fractions, so amounts are whole cents. The policy set is parsed once
 * (`preparsePolicySet`) and each request is authorized with `statefulIsAuthorized`, Cedar's fastest path.
 */
export function cedarPolicies(): string {
  const base =
    'context.environment == "prod" && context.scopes.containsAny(["refunds:create", "refunds:*", "*"]) && context.amountCents > 0';
  const known = JSON.stringify(Object.keys(TENANT_LIMITS));
  return [
    ...Object.entries(TENANT_LIMITS).map(
      ([tenant, limit]) =>
        `@id("limit_${tenant}") permit(principal, action == Action::"refund_customer", resource) when { ${base} && context.tenant == "${tenant}" && context.amountCents <= ${limit * 100} };`,
    ),
    `@id("limit_default") permit(principal, action == Action::"refund_customer", resource) when { ${base} && !(${known}.contains(context.tenant)) && context.amountCents <= ${DEFAULT_LIMIT * 100} };`,
  ].join('\n');
}

/** Cedar (cedar-wasm) enforcing the recipe. It has no async API: the async form awaits nothing else. */
export function cedarForm(): RecipeForm {
  const parsed = cedar.preparsePolicySet(POLICY_SET_ID, { staticPolicies: cedarPolicies() });
  if (parsed.type !== 'success') throw new Error(`Cedar rejected the recipe policies: ${JSON.stringify(parsed)}`);
  const allowed = (request: RecipeRequest): boolean => {
    const answer = cedar.statefulIsAuthorized({
      principal: { type: 'Agent', id: 'support-agent' },
      action: { type: 'Action', id: 'refund_customer' },
      resource: { type: 'Refund', id: 'refund' },
      context: {
        environment: request.environment,
        scopes: [...request.scopes],
        tenant: request.tenantId,
        amountCents: Math.round(request.amountUsd * 100),
      },
      preparsedPolicySetId: POLICY_SET_ID,
      entities: [],
    });
    if (answer.type !== 'success') throw new Error(`Cedar failed: ${JSON.stringify(answer.errors)}`);
    return answer.response.decision === 'allow';
  };
  return {
    name: 'Cedar (@cedar-policy/cedar-wasm)',
    sync(request) {
      if (!allowed(request)) throw new RefundDeniedError('Cedar denied the refund');
      return issueRefund('cust_1', request.amountUsd, '');
    },
    async async(request) {
      if (!allowed(request)) throw new RefundDeniedError('Cedar denied the refund');
      return issueRefundAsync('cust_1', request.amountUsd, '');
    },
    isDenial: (error) => error instanceof RefundDeniedError,
  };
}
