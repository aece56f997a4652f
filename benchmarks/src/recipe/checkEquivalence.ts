import type { RecipeForm } from './RecipeForm.js';
import type { RecipeRequest } from './RecipeRequest.js';

/** A request on which a form's answer differs from the reference's. */
export interface Disagreement {
  readonly form: string;
  readonly mode: 'sync' | 'async';
  readonly request: RecipeRequest;
  readonly expected: 'allow' | 'deny';
  /** `allow`, `deny`, or `error: ...` when the form failed with something other than its denial. */
  readonly actual: string;
}

/**
 * Runs every request through the reference and each form, sync and async, and returns every request on
 * which a form does not give the reference's answer. An allow must also return the refunded amount; a
 * deny must be the form's own denial error, not any error.
 */
export async function checkEquivalence(
  reference: RecipeForm,
  forms: readonly RecipeForm[],
  requests: readonly RecipeRequest[],
): Promise<Disagreement[]> {
  const disagreements: Disagreement[] = [];
  for (const request of requests) {
    const expected = answer(reference, request, () => reference.sync(request));
    if (expected !== 'allow' && expected !== 'deny')
      throw new Error(`the reference failed on ${JSON.stringify(request)}: ${expected}`);
    for (const form of forms) {
      const sync = answer(form, request, () => form.sync(request));
      const async = await answerAsync(form, request);
      if (sync !== expected) disagreements.push({ form: form.name, mode: 'sync', request, expected, actual: sync });
      if (async !== expected) disagreements.push({ form: form.name, mode: 'async', request, expected, actual: async });
    }
  }
  return disagreements;
}

function answer(form: RecipeForm, request: RecipeRequest, run: () => number): string {
  try {
    const refunded = run();
    return refunded === request.amountUsd ? 'allow' : `error: refunded ${refunded}, not ${request.amountUsd}`;
  } catch (error) {
    return form.isDenial(error) ? 'deny' : `error: ${String(error)}`;
  }
}

async function answerAsync(form: RecipeForm, request: RecipeRequest): Promise<string> {
  try {
    const pending = form.async(request);
    if (!(pending instanceof Promise)) return 'error: the async form did not return a promise';
    const refunded = await pending;
    return refunded === request.amountUsd ? 'allow' : `error: refunded ${refunded}, not ${request.amountUsd}`;
  } catch (error) {
    return form.isDenial(error) ? 'deny' : `error: ${String(error)}`;
  }
}
