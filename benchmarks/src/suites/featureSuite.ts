import { Capability, Runtime } from '@brane/sdk';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';
import { recipeRuntime } from '../recipe/braneRecipe.js';

/** An agent whose `outer` capability calls `inner`, governed or not. */
class NestingAgent {
  @Capability({ name: 'inner', risk: 'low' })
  inner(x: number): number {
    return x + 1;
  }

  @Capability({ name: 'outer_nested', risk: 'low' })
  outerNested(x: number): number {
    return this.inner(x);
  }

  @Capability({ name: 'outer_flat', risk: 'low' })
  outerFlat(x: number): number {
    return x + 1;
  }
}

/** The feature benchmarks: each pairs a feature with the same call without it. */
export interface FeatureResults {
  readonly plain: Measurement;
  readonly withContext: Measurement;
  readonly flat: Measurement;
  readonly nested: Measurement;
}

/**
 * Per-request identity (`withContext`) and a nested capability call, each interleaved with the same call
 * without the feature. Audit arrives with issue 5.
 */
export async function featureSuite(options: BenchOptions): Promise<FeatureResults> {
  const { runtime, agent } = recipeRuntime();
  const nesting = new Runtime().govern(new NestingAgent());
  const [plain, withContext] = await benchEach(
    [
      { name: 'recipe call', fn: () => agent.refundCustomer('cust_1', 75) },
      {
        name: 'recipe call in withContext',
        fn: () =>
          runtime.withContext({ tenantId: 'tenant_globex', scopes: ['refunds:create'] }, () =>
            agent.refundCustomer('cust_1', 75),
          ),
      },
    ],
    options,
  );
  const [flat, nested] = await benchEach(
    [
      { name: 'capability', fn: () => nesting.outerFlat(1) },
      { name: 'capability calling a capability', fn: () => nesting.outerNested(1) },
    ],
    options,
  );
  return {
    plain: plain as Measurement,
    withContext: withContext as Measurement,
    flat: flat as Measurement,
    nested: nested as Measurement,
  };
}
