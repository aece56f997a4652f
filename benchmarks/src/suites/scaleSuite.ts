import { Decision, Runtime } from '@brane/sdk';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';
import { RecipeAgent, RecipePolicies } from '../recipe/braneRecipe.js';

/** A call no policy matches, and the recipe call, with `registered` capabilities and policies besides. */
export interface RegisteredResult {
  readonly registered: number;
  readonly noneMatching: Measurement;
  readonly recipe: Measurement;
}

/** M policies matching one capability, exact targets or half wildcards. */
export interface MatchingResult extends Measurement {
  readonly matching: number;
  readonly wildcards: number;
}

/** How the cost of a call grows with what is registered. */
export interface ScaleResults {
  readonly registered: readonly RegisteredResult[];
  readonly matching: readonly MatchingResult[];
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

/** How many capabilities and policies the scale benchmarks register besides the one they call. */
export const REGISTERED_SIZES = [10, 1_000, 10_000] as const;

/** A runtime with `n` unrelated capabilities, each with its own policy. */
function crowdedRuntime(n: number): Runtime {
  const runtime = new Runtime({ environment: 'prod', tenantId: 'tenant_acme', scopes: ['refunds:create'] });
  for (let i = 0; i < n; i++) {
    runtime.capability({ name: `cap_${i}` }, (x: number) => x);
    runtime.beforeCapability(`cap_${i}`, { name: `policy_${i}` }, allow);
  }
  return runtime;
}

/**
 * A call no policy matches, and the recipe call, among `registered` capabilities and policies. Each size runs
 * in its own process: measured in one process, whichever case ran first got a different JIT state than the
 * others (a 40% spread unrelated to size), which would make the ratio meaningless.
 */
export async function registeredSuite(registered: number, options: BenchOptions): Promise<RegisteredResult> {
  const runtime = crowdedRuntime(registered);
  const free = runtime.capability({ name: 'unmatched' }, (x: number) => x);
  runtime.use(new RecipePolicies());
  const agent = runtime.govern(new RecipeAgent());
  const [noneMatching, recipe] = await benchEach(
    [
      { name: `none matching of ${registered}`, fn: () => free(1) },
      { name: `recipe among ${registered}`, fn: () => agent.refundCustomer('cust_1', 75) },
    ],
    options,
  );
  return { registered, noneMatching: noneMatching as Measurement, recipe: recipe as Measurement };
}

/** M allowing policies matching one capability (M = 1, 10, 100), all exact or half of them `*`. */
export async function matchingSuite(options: BenchOptions): Promise<MatchingResult[]> {
  const variants = [1, 10, 100].flatMap((count) =>
    (count === 1 ? [0] : [0, count / 2]).map((wildcards) => ({ count, wildcards })),
  );
  const measured = await benchEach(
    variants.map(({ count, wildcards }) => {
      const runtime = new Runtime();
      const op = runtime.capability({ name: 'op' }, (x: number) => x);
      for (let i = 0; i < count; i++) runtime.beforeCapability(i < wildcards ? '*' : 'op', { name: `p_${i}` }, allow);
      return { name: `${count} matching (${wildcards} *)`, fn: () => op(1) };
    }),
    options,
  );
  return measured.map((m, i) => ({ ...m, matching: variants[i]?.count ?? 0, wildcards: variants[i]?.wildcards ?? 0 }));
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
