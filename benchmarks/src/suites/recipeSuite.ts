import { bench, expectReject, expectThrow, type BenchOptions, type Measurement } from '../measure.js';
import { recipeAgents } from '../recipe/braneRecipe.js';
import { caslForm } from '../recipe/caslForm.js';
import { casbinForm } from '../recipe/casbinForm.js';
import { cedarForm } from '../recipe/cedarForm.js';
import { inlineForm } from '../recipe/inlineForm.js';
import { issueRefund, issueRefundAsync, type RecipeForm } from '../recipe/RecipeForm.js';
import { ALLOWED_REQUEST, DENIED_REQUEST } from '../recipe/RecipeRequest.js';

/** The four cases of one form. */
export interface RecipeRow {
  readonly form: string;
  readonly syncAllowed: Measurement;
  readonly syncDenied: Measurement | undefined;
  readonly asyncAllowed: Measurement;
  readonly asyncDenied: Measurement | undefined;
}

/** The forms of the recipe benchmark, in report order. */
export const RECIPE_FORMS = ['direct', 'inline', 'brane', 'casl', 'casbin', 'cedar'] as const;
/** One of {@link RECIPE_FORMS}. */
export type RecipeFormName = (typeof RECIPE_FORMS)[number];

/**
 * The recipe's three policies in one form, sync and async, allowed and denied (a denial includes building
 * the form's error).
 */
export async function recipeRow(form: RecipeFormName, options: BenchOptions): Promise<RecipeRow> {
  switch (form) {
    case 'direct':
      return {
        form: 'direct call (no checks)',
        syncAllowed: await bench('direct sync', () => issueRefund('cust_1', 75, ''), options),
        syncDenied: undefined,
        asyncAllowed: await bench('direct async', () => issueRefundAsync('cust_1', 75, ''), options),
        asyncDenied: undefined,
      };
    case 'brane':
      return braneRow(options);
    case 'inline':
      return engineRow(inlineForm, options);
    case 'casl':
      return engineRow(caslForm(), options);
    case 'casbin':
      return engineRow(await casbinForm(), options);
    case 'cedar':
      return engineRow(cedarForm(), options);
  }
}

async function braneRow(options: BenchOptions): Promise<RecipeRow> {
  const { environment, tenantId, scopes } = ALLOWED_REQUEST;
  const agents = recipeAgents({ environment, tenantId, scopes });
  return {
    form: 'Brane (governed call)',
    syncAllowed: await bench('brane sync allowed', () => agents.sync.refundCustomer('cust_1', 75), options),
    syncDenied: await bench(
      'brane sync denied',
      () => expectThrow(() => agents.sync.refundCustomer('cust_1', 349)),
      options,
    ),
    asyncAllowed: await bench('brane async allowed', () => agents.async.refundCustomer('cust_1', 75), options),
    asyncDenied: await bench(
      'brane async denied',
      () => expectReject(() => agents.async.refundCustomer('cust_1', 349)),
      options,
    ),
  };
}

async function engineRow(form: RecipeForm, options: BenchOptions): Promise<RecipeRow> {
  return {
    form: form.name,
    syncAllowed: await bench(`${form.name} sync allowed`, () => form.sync(ALLOWED_REQUEST), options),
    syncDenied: await bench(`${form.name} sync denied`, () => expectThrow(() => form.sync(DENIED_REQUEST)), options),
    asyncAllowed: await bench(`${form.name} async allowed`, () => form.async(ALLOWED_REQUEST), options),
    asyncDenied: await bench(
      `${form.name} async denied`,
      () => expectReject(() => form.async(DENIED_REQUEST)),
      options,
    ),
  };
}
