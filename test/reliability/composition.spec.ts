import fc from 'fast-check';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { propertyParameters } from './propertyRuns.js';

/** One policy of a random set: what it decides, whether it targets the capability, its priority. */
interface PolicySpec {
  readonly verdict: 'allow' | 'deny';
  readonly matches: boolean;
  readonly priority: number;
}

const policySpec: fc.Arbitrary<PolicySpec> = fc.record({
  verdict: fc.constantFrom('allow' as const, 'deny' as const),
  matches: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
});
const policySet = fc.array(policySpec, { maxLength: 8 });
const defaultDecision = fc.constantFrom('allow' as const, 'deny' as const);

class Tools {
  ran = 0;

  @Capability({ name: 'transfer' })
  transfer(): string {
    this.ran += 1;
    return 'done';
  }

  @Capability({ name: 'other' })
  other(): string {
    return 'other';
  }
}

/** Governs a fresh instance under `specs` (registered in order) and calls `transfer` once. */
function outcome(specs: readonly PolicySpec[], fallback: 'allow' | 'deny'): { allowed: boolean; ran: boolean } {
  const runtime = new Runtime({ defaultDecision: fallback });
  specs.forEach((spec, index) => {
    runtime.beforeCapability(spec.matches ? 'transfer' : 'other', { name: `p${index}`, priority: spec.priority }, () =>
      spec.verdict === 'allow' ? Decision.allow() : Decision.deny(`p${index} denies`),
    );
  });
  const tools = runtime.govern(new Tools());
  try {
    tools.transfer();
    return { allowed: true, ran: tools.ran === 1 };
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    return { allowed: false, ran: tools.ran > 0 };
  }
}

// 10,000 cases take a second or two each; `pnpm test:long` runs ten times as many.
jest.setTimeout(10 * 60_000);

let calls = 0;

/**
 * `check` as an async property that yields to the event loop every 500 cases: `govern` makes a `WeakRef`
 * to each instance, and V8 keeps a WeakRef's target alive until the current job ends, so 100,000
 * runtimes governed in one synchronous loop would all stay in memory.
 */
function yielding<A extends unknown[]>(check: (...args: A) => boolean): (...args: A) => Promise<boolean> {
  return async (...args) => {
    if (++calls % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    return check(...args);
  };
}

describe('composition properties (random policy sets)', () => {
  it('no policy matches: the default decision', async () => {
    await fc.assert(
      fc.asyncProperty(
        policySet,
        defaultDecision,
        yielding((specs: PolicySpec[], fallback: 'allow' | 'deny') => {
          const unmatched = specs.map((spec) => ({ ...spec, matches: false }));
          return outcome(unmatched, fallback).allowed === (fallback === 'allow');
        }),
      ),
      propertyParameters(10_000),
    );
  });

  it('any matching deny: the function never runs', async () => {
    await fc.assert(
      fc.asyncProperty(
        policySet,
        defaultDecision,
        yielding((specs: PolicySpec[], fallback: 'allow' | 'deny') => {
          const result = outcome(specs, fallback);
          const anyDeny = specs.some((spec) => spec.matches && spec.verdict === 'deny');
          return result.ran === result.allowed && (!anyDeny || (!result.allowed && !result.ran));
        }),
      ),
      propertyParameters(10_000),
    );
  });

  it('adding a deny never turns a deny into an allow; adding an allow never turns an allow into a deny', async () => {
    await fc.assert(
      fc.asyncProperty(
        policySet,
        policySpec,
        fc.nat(),
        defaultDecision,
        yielding((specs: PolicySpec[], added: PolicySpec, at: number, fallback: 'allow' | 'deny') => {
          const before = outcome(specs, fallback).allowed;
          const position = at % (specs.length + 1);
          const after = outcome([...specs.slice(0, position), added, ...specs.slice(position)], fallback).allowed;
          if (added.verdict === 'deny' && !before) return !after;
          if (added.verdict === 'allow' && before) return after;
          return true;
        }),
      ),
      propertyParameters(10_000),
    );
  });

  it('shuffling the registration order of equal-priority policies never changes allow/deny', async () => {
    await fc.assert(
      fc.asyncProperty(
        policySet.chain((specs) =>
          fc.tuple(fc.constant(specs), fc.shuffledSubarray(specs, { minLength: specs.length })),
        ),
        defaultDecision,
        yielding(([specs, shuffled]: [PolicySpec[], PolicySpec[]], fallback: 'allow' | 'deny') => {
          // Priorities travel with their policies, so only the order among equal priorities can differ.
          return outcome(specs, fallback).allowed === outcome(shuffled, fallback).allowed;
        }),
      ),
      propertyParameters(10_000),
    );
  });

  it('duplicate policies change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        policySet,
        fc.array(fc.nat()),
        defaultDecision,
        yielding((specs: PolicySpec[], picks: number[], fallback: 'allow' | 'deny') => {
          const duplicates = specs.length === 0 ? [] : picks.map((pick) => specs[pick % specs.length] as PolicySpec);
          return outcome(specs, fallback).allowed === outcome([...specs, ...duplicates], fallback).allowed;
        }),
      ),
      propertyParameters(10_000),
    );
  });
});
