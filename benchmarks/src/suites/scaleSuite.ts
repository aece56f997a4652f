import { Decision, Runtime } from '@brane/sdk';
import { bench, type BenchOptions, type Measurement } from '../measure.js';
import { RecipeAgent, RecipePolicies } from '../recipe/braneRecipe.js';

/** How the cost of a call grows with what is registered. */
export interface ScaleResults {
  /** A call no policy matches, with N capabilities and N policies registered (N = 10, 1,000, 10,000). */
  readonly registeredNoneMatching: readonly (Measurement & { readonly registered: number })[];
  /** The recipe call (three matching policies) among N registered. */
  readonly registeredRecipe: readonly (Measurement & { readonly registered: number })[];
  /** M policies matching one capability (M = 1, 10, 100), all exact targets or half wildcards. */
  readonly matching: readonly (Measurement & { readonly matching: number; readonly wildcards: number })[];
}

/** Registering many policies on a fresh runtime, in a fresh process. */
export interface StartupResults {
  readonly policies: number;
  /** The first registration in the process: what an application's start-up pays, JIT and all. */
  readonly coldMs: number;
  /** The best of the following runs. */
  readonly warmMs: number;
}

const allow = (): Decision => Decision.allow();

/** A runtime with `n` unrelated capabilities, each with its own policy. */
function crowdedRuntime(n: number): Runtime {
  const runtime = new Runtime({ environment: 'prod', tenantId: 'tenant_acme', scopes: ['refunds:create'] });
  for (let i = 0; i < n; i++) {
    runtime.capability({ name: `cap_${i}` }, (x: number) => x);
    runtime.beforeCapability(`cap_${i}`, { name: `policy_${i}` }, allow);
  }
  return runtime;
}

/** The scale benchmarks. */
export async function scaleSuite(options: BenchOptions): Promise<ScaleResults> {
  const registeredNoneMatching = [];
  const registeredRecipe = [];
  for (const registered of [10, 1_000, 10_000]) {
    const runtime = crowdedRuntime(registered);
    const free = runtime.capability({ name: 'unmatched' }, (x: number) => x);
    runtime.use(new RecipePolicies());
    const agent = runtime.govern(new RecipeAgent());
    registeredNoneMatching.push({
      ...(await bench(`none matching of ${registered}`, () => free(1), options)),
      registered,
    });
    registeredRecipe.push({
      ...(await bench(`recipe among ${registered}`, () => agent.refundCustomer('cust_1', 75), options)),
      registered,
    });
  }
  const matching = [];
  for (const count of [1, 10, 100]) {
    for (const wildcards of count === 1 ? [0] : [0, count / 2]) {
      const runtime = new Runtime();
      const op = runtime.capability({ name: 'op' }, (x: number) => x);
      for (let i = 0; i < count; i++) runtime.beforeCapability(i < wildcards ? '*' : 'op', { name: `p_${i}` }, allow);
      matching.push({
        ...(await bench(`${count} matching (${wildcards} *)`, () => op(1), options)),
        matching: count,
        wildcards,
      });
    }
  }
  return { registeredNoneMatching, registeredRecipe, matching };
}

/** Registers `policies` policies on a fresh runtime, first cold, then several times warm. */
export function startupSuite(quick: boolean): StartupResults {
  const policies = 10_000;
  const register = (): number => {
    const runtime = new Runtime();
    const started = performance.now();
    for (let i = 0; i < policies; i++)
      runtime.beforeCapability(`cap_${i % 100}`, { name: `policy_${i}`, priority: i % 7 }, allow);
    return performance.now() - started;
  };
  const coldMs = register();
  let warmMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < (quick ? 1 : 5); run++) warmMs = Math.min(warmMs, register());
  return { policies, coldMs, warmMs };
}
