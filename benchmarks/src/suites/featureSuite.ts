import { Capability, Runtime } from '@brane/sdk';
import { bench, type BenchOptions, type Measurement } from '../measure.js';
import { RecipeAgent, RecipePolicies } from '../recipe/braneRecipe.js';

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

/** Per-request identity (`withContext`) and a nested capability call. Audit arrives with issue 5. */
export async function featureSuite(options: BenchOptions): Promise<FeatureResults> {
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    scopes: ['refunds:create'],
  });
  runtime.use(new RecipePolicies());
  const agent = runtime.govern(new RecipeAgent());
  const nesting = new Runtime().govern(new NestingAgent());
  return {
    plain: await bench('recipe call', () => agent.refundCustomer('cust_1', 75), options),
    withContext: await bench(
      'recipe call in withContext',
      () =>
        runtime.withContext({ tenantId: 'tenant_globex', scopes: ['refunds:create'] }, () =>
          agent.refundCustomer('cust_1', 75),
        ),
      options,
    ),
    flat: await bench('capability', () => nesting.outerFlat(1), options),
    nested: await bench('capability calling a capability', () => nesting.outerNested(1), options),
  };
}
