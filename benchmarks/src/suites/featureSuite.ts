import { Capability, Decision, Runtime, type AuditEvent, type AuditSink } from '@brane/sdk';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';
import { RECIPE_IDENTITY, RecipeAgent, RecipePolicies, recipeRuntime } from '../recipe/braneRecipe.js';

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

/** A lookup whose policy denies with a reason that quotes the argument (`No customer ${id}`). */
class LookupAgent {
  @Capability({ name: 'lookup_customer', risk: 'low' })
  lookup(customerId: string): string {
    return customerId;
  }
}

/**
 * A sink that only counts: what is measured is the runtime's recording, not a disk. It never reads a record, so
 * nothing is built or masked for it (the JSONL sink pays that when it serialises). It can write synchronously, so
 * a full queue in a synchronous loop is handed to it at once, as the default JSONL sink's is.
 */
class CountingSink implements AuditSink {
  readonly name = 'counting';
  events = 0;

  write(events: readonly AuditEvent[]): void {
    this.events += events.length;
  }

  writeSync(events: readonly AuditEvent[]): void {
    this.events += events.length;
  }
}

/** The feature benchmarks: each pairs a feature with the same call without it. */
export interface FeatureResults {
  readonly plain: Measurement;
  readonly withContext: Measurement;
  readonly flat: Measurement;
  readonly nested: Measurement;
  readonly audited: Measurement;
  /** `withContext` per request, without and with the request's `signal`. */
  readonly contextOnly: Measurement;
  readonly contextWithSignal: Measurement;
  /** A denied call whose reason quotes its argument: a short one, and one of 1 MB (the reason is bounded). */
  readonly deniedShort: Measurement;
  readonly deniedHuge: Measurement;
}

/**
 * Per-request identity (`withContext`, and its request `signal`), a nested capability call, the audit trail,
 * and a deny whose reason quotes a 1 MB argument (bounded to 2,000 characters wherever it is copied), each
 * interleaved with the same call without the feature. The audited runtime records one action record per call into a
 * counting sink: the figure is the runtime's recording on the call's path (a synchronous loop hands a full queue to
 * the sink's `writeSync` at once).
 */
export async function featureSuite(options: BenchOptions): Promise<FeatureResults> {
  const { runtime, agent } = recipeRuntime();
  const nesting = new Runtime().govern(new NestingAgent());
  const auditedRuntime = new Runtime({
    agentId: 'support-agent',
    ...RECIPE_IDENTITY,
    audit: { sinks: [new CountingSink()] },
  });
  auditedRuntime.use(new RecipePolicies());
  const audited = auditedRuntime.govern(new RecipeAgent());
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
  const [, withAudit] = await benchEach(
    [
      { name: 'recipe call', fn: () => agent.refundCustomer('cust_1', 75) },
      { name: 'recipe call, audited', fn: () => audited.refundCustomer('cust_1', 75) },
    ],
    options,
  );
  await auditedRuntime.close();
  const signal = new AbortController().signal;
  const [contextOnly, contextWithSignal] = await benchEach(
    [
      {
        name: 'recipe call in withContext',
        fn: () => runtime.withContext({ scopes: ['refunds:create'] }, () => agent.refundCustomer('cust_1', 75)),
      },
      {
        name: 'recipe call in withContext with a signal',
        fn: () => runtime.withContext({ scopes: ['refunds:create'], signal }, () => agent.refundCustomer('cust_1', 75)),
      },
    ],
    options,
  );
  const denying = new Runtime();
  denying.beforeCapability('lookup_customer', { name: 'known_customers' }, (ctx) =>
    Decision.deny(`No customer ${ctx.arg<string>('customerId', '')}`),
  );
  const lookup = denying.govern(new LookupAgent());
  const hugeId = 'c'.repeat(1_000_000);
  const denied = (customerId: string) => (): unknown => {
    try {
      return lookup.lookup(customerId);
    } catch (error) {
      return error;
    }
  };
  const [deniedShort, deniedHuge] = await benchEach(
    [
      { name: 'denied, reason quoting a short argument', fn: denied('cust_1') },
      { name: 'denied, reason quoting a 1 MB argument', fn: denied(hugeId) },
    ],
    options,
  );
  return {
    contextOnly: contextOnly as Measurement,
    contextWithSignal: contextWithSignal as Measurement,
    deniedShort: deniedShort as Measurement,
    deniedHuge: deniedHuge as Measurement,
    plain: plain as Measurement,
    withContext: withContext as Measurement,
    flat: flat as Measurement,
    nested: nested as Measurement,
    audited: withAudit as Measurement,
  };
}
