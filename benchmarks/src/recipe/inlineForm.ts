import { issueRefund, issueRefundAsync, type RecipeForm } from './RecipeForm.js';
import { limitFor, type RecipeRequest } from './RecipeRequest.js';

/** The error the inline check throws. */
export class RefundDeniedError extends Error {
  override readonly name = 'RefundDeniedError';
}

/** The recipe's three rules, hand-written: the floor any policy runtime is measured against. */
export function inlineViolation(request: RecipeRequest): string | undefined {
  if (request.environment !== 'prod') return 'Refunds can only be issued in the production environment';
  const scoped = request.scopes.some((scope) => scope === 'refunds:create' || scope === 'refunds:*' || scope === '*');
  if (!scoped) return 'Agent requires refunds:create scope to issue refunds';
  if (!(request.amountUsd > 0)) return 'Refund amount must be positive';
  if (request.amountUsd > limitFor(request.tenantId)) return 'Refund exceeds the tenant limit';
  return undefined;
}

/** The inline check around the refund. */
export const inlineForm: RecipeForm = {
  name: 'inline check',
  sync(request) {
    const violation = inlineViolation(request);
    if (violation !== undefined) throw new RefundDeniedError(violation);
    return issueRefund('cust_1', request.amountUsd, '');
  },
  async async(request) {
    const violation = inlineViolation(request);
    if (violation !== undefined) throw new RefundDeniedError(violation);
    return issueRefundAsync('cust_1', request.amountUsd, '');
  },
  isDenial: (error) => error instanceof RefundDeniedError,
};
