import type { RecipeRequest } from './RecipeRequest.js';

/**
 * One way of enforcing the recipe's three rules around the refund: Brane, an inline check, or an embedded
 * policy engine. `sync` and `async` issue the refund and return its amount when the rules allow it, and
 * throw the form's own error (built, as a real caller would see it) when they deny it.
 */
export interface RecipeForm {
  readonly name: string;
  sync(request: RecipeRequest): number;
  async(request: RecipeRequest): Promise<number>;
  /** Whether `error` is this form's denial (anything else is a bug, not a deny). */
  isDenial(error: unknown): boolean;
}

/** The refund itself, the same for every form: what a direct, ungoverned call runs. */
export function issueRefund(customerId: string, amountUsd: number, reason: string): number {
  return reason.length >= 0 && customerId.length > 0 ? amountUsd : 0;
}

/** The async refund, the same for every form: an `async` body with nothing to await, as many tools have. */
// eslint-disable-next-line @typescript-eslint/require-await
export async function issueRefundAsync(customerId: string, amountUsd: number, reason: string): Promise<number> {
  return issueRefund(customerId, amountUsd, reason);
}
