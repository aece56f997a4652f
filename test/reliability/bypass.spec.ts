import fc from 'fast-check';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, ConfigurationError } from '@brane/errors';
import { propertyParameters, reportFigures } from './propertyRuns.js';
import { CALL_PATHS } from './fixtures/callPaths.js';
import { FUNCTION_PATHS } from './fixtures/functionPaths.js';
import { bypassFigures, bypassScenario, runBypassScenario, settle } from './fixtures/runBypassScenario.js';

/*
 * Bypass: random class families (a base with sync and async capabilities, 0-2 subclass levels whose decorated
 * overrides delegate to `super` with the same argument, a changed one, or not at all), instances governed,
 * frozen, governed by a closed runtime or never governed, re-patches of the instance and of prototypes, and
 * calls by every path in `fixtures/callPaths.ts`. `fixtures/gateModel.ts` predicts each call from where it lands; the
 * counters say how often a call was evaluated other than once, ran a body despite a deny, was not refused,
 * or ran a body with no evaluation at all. `BRANE_PROPERTY_REPORT=1` prints them.
 *
 * A case builds a class family and a runtime and makes a few calls: about 1 ms here, so 4,000 cases fit CI.
 */
jest.setTimeout(10 * 60_000);

let casesRun = 0;

/** Yields to the event loop every 200 cases: `govern` keeps a WeakRef per instance (see composition.spec.ts). */
async function yieldingNow(): Promise<void> {
  if (++casesRun % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
}

describe('bypass: every call path goes through the gate exactly once', () => {
  const base = 4_000;

  it('random class families, instance states, patches and call paths', async () => {
    await fc.assert(
      fc.asyncProperty(bypassScenario, async (s) => {
        await yieldingNow();
        return runBypassScenario(s);
      }),
      propertyParameters(base),
    );
    const runs = propertyParameters(base).numRuns ?? base;
    expect(bypassFigures.cases).toBeGreaterThanOrEqual(runs);
    expect(bypassFigures).toMatchObject({
      gateNotOnce: 0,
      bodyDespiteDeny: 0,
      notRefused: 0,
      bodyWithoutGate: 0,
      mismatches: 0,
      instancePatchesNotThrown: 0,
      patchedClassGoverned: 0,
    });
    // Not vacuous: every path was taken, and calls ran, were denied, refused and landed on patches.
    for (const path of CALL_PATHS) expect(bypassFigures.byPath.get(path.name)).toBeDefined();
    const kinds = [...bypassFigures.byPath.values()].reduce<Record<string, number>>((sum, row) => {
      for (const [k, n] of Object.entries(row)) sum[k] = (sum[k] ?? 0) + n;
      return sum;
    }, {});
    for (const k of ['ran', 'denied', 'refused', 'patch']) expect(kinds[k]).toBeGreaterThan(runs / 50);
    reportFigures('bypass, class families', {
      ...bypassFigures,
      byPath: Object.fromEntries(bypassFigures.byPath),
      kinds,
    });
  });

  it('governed functions (runtime.capability): every call path, exactly once', async () => {
    const base = 5_000;
    const figures = { calls: 0, gateNotOnce: 0, bodyDespiteDeny: 0, byPath: {} as Record<string, number> };
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(FUNCTION_PATHS.length - 1), { minLength: 1, maxLength: 4 }),
        async (isAsync, denied, picks) => {
          await yieldingNow();
          const runtime = new Runtime();
          let gates = 0;
          let bodies = 0;
          runtime.beforeCapability('*', { name: 'gate_counter', priority: 100 }, () => {
            gates += 1;
            return Decision.allow();
          });
          if (denied) runtime.beforeCapability('fn', { name: 'deny' }, () => Decision.deny('denied'));
          const body = (x: number): number => {
            bodies += 1;
            return x;
          };
          const fn = isAsync
            ? runtime.capability({ name: 'fn' }, async (x: number) => body(x))
            : runtime.capability({ name: 'fn' }, (x: number) => body(x));
          let ok = true;
          for (const pick of picks) {
            const [name, call] = FUNCTION_PATHS[pick]!;
            figures.calls += 1;
            figures.byPath[name] = (figures.byPath[name] ?? 0) + 1;
            const before = { gates, bodies };
            const result = await settle(() => call(fn, 7));
            if (gates - before.gates !== 1) figures.gateNotOnce += 1;
            if (denied && bodies > before.bodies) figures.bodyDespiteDeny += 1;
            const expectedOutcome = denied ? result.error instanceof CapabilityDeniedError : result.error === undefined;
            ok = ok && gates - before.gates === 1 && bodies - before.bodies === (denied ? 0 : 1) && expectedOutcome;
          }
          return ok;
        },
      ),
      propertyParameters(base),
    );
    reportFigures('bypass, governed functions', figures);
    expect(figures).toMatchObject({ gateNotOnce: 0, bodyDespiteDeny: 0 });
    expect(Object.keys(figures.byPath)).toHaveLength(FUNCTION_PATHS.length);
  });

  it('decorations that would leave a method ungated are refused when the class is defined', () => {
    const hidden = Symbol('hidden');
    const attempts: [string, () => unknown][] = [
      [
        'a static method',
        () =>
          class {
            @Capability({ name: 'static_op' })
            static op(): number {
              return 1;
            }
          },
      ],
      [
        'a symbol-named method',
        () =>
          class {
            @Capability({ name: 'symbol_op' })
            [hidden](): number {
              return 1;
            }
          },
      ],
      [
        'a private method',
        () =>
          class {
            @Capability({ name: 'private_op' })
            #op(): number {
              return 1;
            }
            run(): number {
              return this.#op();
            }
          },
      ],
    ];
    const accepted = attempts
      .filter(([, define]) => {
        try {
          define();
          return true;
        } catch (error) {
          return !(error instanceof ConfigurationError && error.code === 'INVALID_DECORATOR_USAGE');
        }
      })
      .map(([what]) => what);
    expect(accepted).toEqual([]);
  });
});
