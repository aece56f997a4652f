import { bench, expectReject, expectThrow, type BenchOptions, type Measurement } from '../measure.js';
import { RECIPE_IDENTITY, recipeAgents } from '../recipe/braneRecipe.js';
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

/** The four cases of each form. A denial includes building the form's error. */
export const RECIPE_CASES = ['syncAllowed', 'syncDenied', 'asyncAllowed', 'asyncDenied'] as const;
/** One of {@link RECIPE_CASES}. */
export type RecipeCase = (typeof RECIPE_CASES)[number];

/** A direct call: the refund with no checks (it cannot deny). */
const directForm: RecipeForm = {
  name: 'direct call (no checks)',
  sync: (request) => issueRefund('cust_1', request.amountUsd, ''),
  async: (request) => issueRefundAsync('cust_1', request.amountUsd, ''),
  isDenial: () => false,
};

/** Brane's hot path: agents governed by runtimes with the request's identity, the recipe's policies used. */
function braneHotPath(): RecipeForm {
  const agents = recipeAgents(RECIPE_IDENTITY);
  return {
    name: 'Brane (governed call)',
    sync: (request) => agents.sync.refundCustomer('cust_1', request.amountUsd),
    async: (request) => agents.async.refundCustomer('cust_1', request.amountUsd),
    isDenial: () => true,
  };
}

/** The form named `form`, ready to benchmark. */
export async function recipeForm(form: RecipeFormName): Promise<RecipeForm> {
  switch (form) {
    case 'direct':
      return directForm;
    case 'inline':
      return inlineForm;
    case 'brane':
      return braneHotPath();
    case 'casl':
      return caslForm();
    case 'casbin':
      return casbinForm();
    case 'cedar':
      return cedarForm();
  }
}

/**
 * One case of one form. Each runs in its own process (see jobs.ts): measured in one process, a case's time
 * depended on which cases ran before it, by up to a fifth.
 */
export async function recipeCase(
  formName: RecipeFormName,
  recipeCase: RecipeCase,
  options: BenchOptions,
): Promise<{ readonly form: string; readonly measurement: Measurement | undefined }> {
  const form = await recipeForm(formName);
  if (formName === 'direct' && recipeCase.endsWith('Denied')) return { form: form.name, measurement: undefined };
  const label = `${form.name} ${recipeCase}`;
  const run: () => unknown = {
    syncAllowed: () => form.sync(ALLOWED_REQUEST),
    syncDenied: () => expectThrow(() => form.sync(DENIED_REQUEST)),
    asyncAllowed: () => form.async(ALLOWED_REQUEST),
    asyncDenied: () => expectReject(() => form.async(DENIED_REQUEST)),
  }[recipeCase];
  return { form: form.name, measurement: await bench(label, run, options) };
}
