import { braneForm } from '../src/recipe/braneForm';
import { caslForm } from '../src/recipe/caslForm';
import { casbinForm } from '../src/recipe/casbinForm';
import { cedarForm } from '../src/recipe/cedarForm';
import { checkEquivalence } from '../src/recipe/checkEquivalence';
import { inlineForm, RefundDeniedError } from '../src/recipe/inlineForm';
import { issueRefund, type RecipeForm } from '../src/recipe/RecipeForm';
import { ALLOWED_REQUEST, DENIED_REQUEST, recipeRequests, type RecipeRequest } from '../src/recipe/RecipeRequest';

/** A form that answers like the inline check, except where `wrong` says otherwise. */
function skewed(name: string, wrong: (request: RecipeRequest) => 'allow' | 'deny' | 'throw' | undefined): RecipeForm {
  const run = (request: RecipeRequest): number => {
    const override = wrong(request);
    if (override === 'throw') throw new TypeError('engine crashed');
    if (override === 'allow') return issueRefund('cust_1', request.amountUsd, '');
    if (override === 'deny') throw new RefundDeniedError('denied');
    return inlineForm.sync(request);
  };
  return { name, sync: run, async: async (request) => run(request), isDenial: inlineForm.isDenial };
}

describe('checkEquivalence', () => {
  const requests = recipeRequests();

  it('covers every environment, scope set, tenant, and both sides of every limit', () => {
    expect(requests).toHaveLength(2 * 5 * 4 * 14);
    const allowed = requests.filter((request) => {
      try {
        inlineForm.sync(request);
        return true;
      } catch {
        return false;
      }
    });
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed.length).toBeLessThan(requests.length);
  });

  it('finds no disagreement between the inline check, Brane, CASL, Casbin and Cedar', async () => {
    const forms = [braneForm(), caslForm(), await casbinForm(), cedarForm()];
    await expect(checkEquivalence(inlineForm, forms, requests)).resolves.toEqual([]);
  });

  it('reports a form that allows what the reference denies, with the request and mode', async () => {
    const lax = skewed('lax', (request) =>
      request.tenantId === 'tenant_initech' && request.amountUsd === 75 ? 'allow' : undefined,
    );
    const found = await checkEquivalence(inlineForm, [lax], requests);
    // $75 exceeds tenant_initech's $50 limit: the reference denies all 10 (environment × scopes), sync and async.
    expect(found).toHaveLength(20);
    expect(found.every((d) => d.form === 'lax' && d.expected === 'deny' && d.actual === 'allow')).toBe(true);
    expect(new Set(found.map((d) => d.mode))).toEqual(new Set(['sync', 'async']));
  });

  it('reports a form that denies what the reference allows', async () => {
    const strict = skewed('strict', (request) => (request.amountUsd === 100 ? 'deny' : undefined));
    const found = await checkEquivalence(
      inlineForm,
      [strict],
      [ALLOWED_REQUEST, { ...ALLOWED_REQUEST, amountUsd: 100 }],
    );
    expect(found).toEqual([
      {
        form: 'strict',
        mode: 'sync',
        request: { ...ALLOWED_REQUEST, amountUsd: 100 },
        expected: 'allow',
        actual: 'deny',
      },
      {
        form: 'strict',
        mode: 'async',
        request: { ...ALLOWED_REQUEST, amountUsd: 100 },
        expected: 'allow',
        actual: 'deny',
      },
    ]);
  });

  it('counts a crash as a disagreement, not as a deny', async () => {
    const crashing = skewed('crashing', (request) => (request === DENIED_REQUEST ? 'throw' : undefined));
    const found = await checkEquivalence(inlineForm, [crashing], [DENIED_REQUEST]);
    expect(found.map((d) => d.actual)).toEqual([
      'error: TypeError: engine crashed',
      'error: TypeError: engine crashed',
    ]);
  });

  it('counts a wrong refunded amount, and a sync "async" form, as disagreements', async () => {
    const wrongAmount: RecipeForm = { ...inlineForm, name: 'wrong amount', sync: () => 1, async: async () => 1 };
    const notAsync: RecipeForm = {
      ...inlineForm,
      name: 'not async',
      async: ((request: RecipeRequest) => inlineForm.sync(request)) as never,
    };
    const found = await checkEquivalence(inlineForm, [wrongAmount, notAsync], [ALLOWED_REQUEST]);
    expect(found.map((d) => [d.form, d.mode, d.actual])).toEqual([
      ['wrong amount', 'sync', 'error: refunded 1, not 75'],
      ['wrong amount', 'async', 'error: refunded 1, not 75'],
      ['not async', 'async', 'error: the async form did not return a promise'],
    ]);
  });

  it('refuses a reference that fails', async () => {
    const broken = skewed('broken', () => 'throw');
    await expect(checkEquivalence(broken, [], [ALLOWED_REQUEST])).rejects.toThrow(/the reference failed/);
  });
});
