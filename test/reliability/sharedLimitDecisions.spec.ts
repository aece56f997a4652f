import { DEFAULT_LEASE_MS, Decision, reservedLimitsOf, type Limit } from '@brane/decisions';
import fc from 'fast-check';
import { CHECKED_LIMITS_KEPT } from '../../packages/decisions/src/CheckedLimit.js';
import { propertyParameters } from './propertyRuns.js';

/*
 * `Decision.allow().withLimits(limit)` of one limit is made once per checked limit and frozen, and a limit written
 * again with the same fields is the limit checked before (the last one is compared first, then a map of 256 keys).
 * Whatever limits a policy writes, in any order (the same key with other fields, a field a getter answers, keys enough
 * to push others out of the map), each call gives exactly the decision the constructor makes of the same limit, or the
 * same refusal: a kept decision or limit is never one written with other fields.
 */

const KEYS = ['a', 'b', 'tenant:1'] as const;

/** A limit as a policy may write it: valid or not, often the same key with other fields. */
const limitInit = fc.record(
  {
    key: fc.constantFrom<unknown>(...KEYS, '', 42),
    kind: fc.constantFrom<unknown>(undefined, 'count', 'sum', 'concurrent', 'bogus'),
    cost: fc.constantFrom<unknown>(undefined, 1, 2, 0.5, -1, Number.NaN),
    max: fc.constantFrom<unknown>(1, 5, 1e12, 0, 2.5),
    per: fc.constantFrom<unknown>(undefined, '1s', '1h', 60_000, '1 hour'),
    refundOnFailure: fc.constantFrom<unknown>(undefined, false, true),
    leaseMs: fc.constantFrom<unknown>(undefined, 1_000),
    onStoreError: fc.constantFrom<unknown>(undefined, 'deny', 'allow'),
  },
  { requiredKeys: ['key', 'max'] },
);

const step = fc.record({
  init: limitInit,
  /** Read through a getter (read once by the check: the limit kept is the value read). */
  getter: fc.boolean(),
  /** Other keys checked before this step: enough, at times, to push every kept limit out of the map. */
  others: fc.constantFrom(0, 0, 0, 1, CHECKED_LIMITS_KEPT + 1),
});

let made = 0;

const WINDOWS = new Map<unknown, number>([
  ['1s', 1_000],
  ['1h', 3_600_000],
  [60_000, 60_000],
]);

/** The limit a valid `init` is, worked out from its fields alone: no cache can answer it. */
function limitOf(init: Record<string, unknown>): Record<keyof Limit, unknown> {
  const kind = init['kind'] ?? 'count';
  return {
    key: init['key'],
    kind,
    cost: kind === 'sum' ? init['cost'] : 1,
    max: init['max'],
    windowMs: WINDOWS.get(init['per']),
    refundOnFailure: init['refundOnFailure'] ?? false,
    leaseMs: kind === 'concurrent' ? (init['leaseMs'] ?? DEFAULT_LEASE_MS) : undefined,
    onStoreError: init['onStoreError'] ?? 'deny',
  };
}

/** `init`, or the same fields with `key` answered by a getter. */
function written(init: Record<string, unknown>, getter: boolean): Record<string, unknown> {
  if (!getter) return { ...init };
  const { key, ...rest } = init;
  return Object.defineProperty(rest, 'key', { get: () => key, enumerable: true, configurable: true });
}

/** What `fn` gives: its value, or the message of what it threw. */
function outcome<T>(fn: () => T): { value: T } | { error: string } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('an allow with one limit, made once and shared', () => {
  it('is, for any limits written in any order, the decision the constructor makes of the same limit', () => {
    let shared = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        for (const { init, getter, others } of steps) {
          for (let i = 0; i < others; i++) Decision.allow().withLimits({ key: `other:${made++}`, max: 1, per: '1s' });
          const got = outcome(() => Decision.allow().withLimits(written(init, getter) as never));
          const expected = outcome(() => new Decision({ type: 'allow', limits: [written(init, false) as never] }));
          if ('error' in expected) {
            expect(got).toEqual(expected);
            continue;
          }
          if (!('value' in got)) throw new Error(`refused a valid limit: ${got.error}`);
          const decision = got.value;
          expect(Object.isFrozen(decision)).toBe(true);
          expect({ ...decision.limits?.[0] }).toEqual(limitOf(init));
          expect(decision.limits).toEqual(expected.value.limits);
          expect({ ...decision.toJSON(), decisionId: '' }).toEqual({ ...expected.value.toJSON(), decisionId: '' });
          expect(reservedLimitsOf(decision)).toBe(decision.limits);
          // Written again with the same fields: the same decision.
          expect(Decision.allow().withLimits(written(init, !getter) as never)).toBe(decision);
          shared += 1;
        }
      }),
      propertyParameters(2_000),
    );
    expect(shared).toBeGreaterThan(0);
  });
});
