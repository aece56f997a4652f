import { randomUUID } from 'node:crypto';
import { validateLimit, type Limit } from '@brane/decisions';
import { InMemoryLimitStore, type LimitStore, type Reservation, type ReservationResult } from '@brane/limits';
import { PostgresLimitStore } from '@brane/postgres';
import { RedisLimitStore } from '@brane/redis';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { describeWithRedis } from '../../packages/redis/test/describeWithRedis';
import { propertyParameters } from './propertyRuns.js';

/*
 * The three limit stores, given the same sequence of reservations and releases, answer the same: the same grants
 * and refusals, the same `remaining` (exactly), the same usage, and a `retryAfterMs` known by both or neither and
 * within a second of each other; a key whose every reservation was given back has no usage in any of them (the
 * in-memory store said `used: 0` where the others said `undefined`). Costs and maxes are whole multiples of a power of two from 2^-1074 (subnormal)
 * to 2^30, so every sum is exact in a double and any difference is the store's, not rounding's. A `count` and a
 * `concurrent` limit ride along, released as a governed call's end releases them (twice, to check it is once).
 */
jest.setTimeout(5 * 60_000);

interface Reserve {
  readonly op: 'reserve';
  /** Which limits, in order: `s` the sum (its cost in units), `c` the count, `k` the concurrent slot. */
  readonly parts: readonly ('s' | 'c' | 'k')[];
  readonly units: number;
  readonly refund: boolean;
}
interface Release {
  readonly op: 'release';
  readonly which: number;
  readonly failed: boolean;
}

const step: fc.Arbitrary<Reserve | Release> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('reserve' as const),
      parts: fc.array(fc.constantFrom('s' as const, 'c' as const, 'k' as const), { minLength: 1, maxLength: 3 }),
      units: fc.integer({ min: 0, max: 2 ** 20 }),
      refund: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('release' as const), which: fc.nat(), failed: fc.boolean() }),
  },
);

const storeCase = fc.record({
  /** The power of two every cost and max of the sum limit is a whole multiple of. */
  exponent: fc.oneof(fc.integer({ min: -1074, max: -1000 }), fc.integer({ min: -120, max: 30 })),
  maxUnits: fc.integer({ min: 1, max: 2 ** 22 }),
  countMax: fc.integer({ min: 1, max: 4 }),
  slots: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(step, { minLength: 1, maxLength: 10 }),
});

type StoreCase = typeof storeCase extends fc.Arbitrary<infer T> ? T : never;

/** What a store answered to each step, comparable across stores. */
type Answer =
  | { readonly granted: true; readonly remaining: readonly number[] }
  | { readonly granted: false; readonly limit: number; readonly remaining: number; readonly retryAfterMs?: number }
  | { readonly usage: readonly (readonly [used: number, max: number, remaining: number] | null)[] };

/** Runs `c` against `store` under fresh keys: what it answered, step by step, then the usage of each key. */
async function replay(store: LimitStore, c: StoreCase): Promise<Answer[]> {
  const prefix = `agree:${randomUUID()}:`;
  const scale = 2 ** c.exponent;
  const count = validateLimit({ key: `${prefix}c`, max: c.countMax, per: '1h', refundOnFailure: true });
  const slot = validateLimit({ key: `${prefix}k`, kind: 'concurrent', max: c.slots });
  const held: Reservation[] = [];
  const answers: Answer[] = [];
  for (const s of c.steps) {
    if (s.op === 'release') {
      const reservation = held[s.which % Math.max(1, held.length)];
      if (reservation === undefined) continue;
      const indices = reservation.limits.flatMap((limit, i) =>
        limit.kind === 'concurrent' || (s.failed && limit.refundOnFailure) ? [i] : [],
      );
      await store.release(reservation, indices);
      await store.release(reservation, indices);
      continue;
    }
    const limits: Limit[] = s.parts.map((part) =>
      part === 's'
        ? validateLimit({
            key: `${prefix}s`,
            kind: 'sum',
            cost: s.units * scale,
            max: c.maxUnits * scale,
            per: '1h',
            refundOnFailure: s.refund,
          })
        : part === 'c'
          ? count
          : slot,
    );
    const result: ReservationResult = await store.reserve(randomUUID(), limits);
    if (result.granted) {
      held.push(result.reservation);
      answers.push({ granted: true, remaining: result.reservation.grants.map((grant) => grant.remaining) });
    } else {
      const { refusal } = result;
      answers.push({
        granted: false,
        limit: limits.indexOf(refusal.limit),
        remaining: refusal.remaining,
        ...(refusal.retryAfterMs === undefined ? {} : { retryAfterMs: refusal.retryAfterMs }),
      });
    }
  }
  // A key whose every reservation was given back has no usage (`undefined`), in every store; one that holds a
  // reservation of cost 0 uses 0.
  const usage = await Promise.all(
    ['s', 'c', 'k'].map(async (key) => {
      const used = await store.usage(prefix + key);
      return used === undefined ? null : ([used.used, used.max, used.remaining] as const);
    }),
  );
  answers.push({ usage });
  return answers;
}

/** `answer` with its `retryAfterMs` rounded to seconds, so that stores a few milliseconds apart agree. */
function comparable(answers: readonly Answer[]): unknown[] {
  return answers.map((answer) =>
    'retryAfterMs' in answer && answer.retryAfterMs !== undefined
      ? { ...answer, retryAfterMs: Math.round(answer.retryAfterMs / 2_000) }
      : answer,
  );
}

async function agreeWithMemory(store: () => LimitStore): Promise<void> {
  await fc.assert(
    fc.asyncProperty(storeCase, async (c) => {
      const expected = await replay(new InMemoryLimitStore(), c);
      const actual = await replay(store(), c);
      expect(comparable(actual)).toEqual(comparable(expected));
    }),
    propertyParameters(40),
  );
}

describeWithDatabase('PostgresLimitStore answers as the in-memory store (property)', (db) => {
  it('the same grants, refusals, remaining and usage for any sequence', async () => {
    await agreeWithMemory(() => new PostgresLimitStore({ pool: db().pool, schema: db().schema }));
  });
});

describeWithRedis('RedisLimitStore answers as the in-memory store (property)', (client) => {
  it('the same grants, refusals, remaining and usage for any sequence', async () => {
    await agreeWithMemory(() => new RedisLimitStore({ client: client(), prefix: 'brane:agree:' }));
  });
});
