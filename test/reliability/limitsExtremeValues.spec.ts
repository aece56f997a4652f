import { randomUUID } from 'node:crypto';
import { validateLimit, type Limit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { InMemoryLimitStore, type LimitStore } from '@brane/limits';
import { PostgresLimitStore } from '@brane/postgres';
import { RedisLimitStore } from '@brane/redis';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { describeWithRedis } from '../../packages/redis/test/describeWithRedis';
import { propertyParameters } from './propertyRuns.js';

/*
 * Limits written with values at the edges of what a policy can write: a `sum` cost and max anywhere in the doubles
 * (subnormals, -0, 1e308, NaN, infinities), and keys of any UTF-16 string (lone surrogates, astral characters,
 * `:`, `{`, `}`, control characters, up to one past the longest). Each limit is refused by `validateLimit` with
 * `INVALID_ARGUMENT`, or every store answers it as the in-memory store does: the same grants, never a store
 * failure (which a limit with `onStoreError: 'allow'` would turn into an allow), and two keys that differ are two
 * limits in every store.
 */
jest.setTimeout(5 * 60_000);

const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 5e-324, 1e-18, 1, 2 ** 53 - 1, 2 ** 53, 1e300, 1e308, Number.MAX_VALUE, Infinity, NaN),
);

const anyKey = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom('a', ':', '{', '}', '\uD800', '\uDC00', '\uD83D\uDE00', '\u0000', 'é'),
    maxLength: 12,
  }),
  fc.integer({ min: 240, max: 250 }).map((n) => 'k'.repeat(n)),
);

/** Two keys: drawn apart, or one drawn and the other the same with every lone surrogate written another way. */
const keyPair = fc.oneof(
  fc.tuple(anyKey, anyKey),
  anyKey.chain((key) =>
    fc.constantFrom('\uFFFD', '\uDC00', '\uD800', '?').map((other) => [key, key.replace(/\p{Cs}/gu, other)] as const),
  ),
);

/** The limit `init` makes, or `undefined` when `validateLimit` refuses it (with `INVALID_ARGUMENT`, or it fails). */
function limitOrRefused(init: Record<string, unknown>): Limit | undefined {
  try {
    return validateLimit(init);
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    return undefined;
  }
}

/** What `store` answers to three reservations of `limit` and then of `other`: granted or not, and the usage. */
async function answers(store: LimitStore, limit: Limit, other: Limit): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const l of [limit, limit, limit, other]) {
    const result = await store.reserve(randomUUID(), [l]);
    out.push(result.granted ? result.reservation.grants[0]?.remaining : `refused ${result.refusal.remaining}`);
  }
  out.push((await store.usage(limit.key))?.used, (await store.usage(other.key))?.used);
  return out;
}

function sameAsMemory(store: () => LimitStore): Promise<void> {
  return fc.assert(
    fc.asyncProperty(anyNumber, anyNumber, keyPair, async (cost, max, [key, otherKey]) => {
      const prefix = `x${randomUUID().slice(0, 8)}:`; // 10 characters, so that keys straddle the longest
      const sum = limitOrRefused({ key: `${prefix}s`, kind: 'sum', cost, max, per: '1h', onStoreError: 'allow' });
      if (sum !== undefined) {
        const other = validateLimit({ key: `${prefix}o`, max: 1, per: '1h' });
        expect(await answers(store(), sum, other)).toEqual(await answers(new InMemoryLimitStore(), sum, other));
      }
      const a = limitOrRefused({ key: prefix + key, max: 1, per: '1h' });
      const b = limitOrRefused({ key: prefix + otherKey, max: 1, per: '1h' });
      if (a !== undefined && b !== undefined) {
        const memory = new InMemoryLimitStore();
        const shared = store();
        const expected = [memory.reserve('a', [a]).granted, memory.reserve('b', [b]).granted];
        const actual = [(await shared.reserve('a', [a])).granted, (await shared.reserve('b', [b])).granted];
        expect(actual).toEqual(expected);
      }
    }),
    propertyParameters(60),
  );
}

describeWithDatabase('PostgresLimitStore with limits at the edges (property)', (db) => {
  it('refuses the limit, or answers as the in-memory store and keeps keys apart', async () => {
    await sameAsMemory(() => new PostgresLimitStore({ pool: db().pool, schema: db().schema }));
  });
});

describeWithRedis('RedisLimitStore with limits at the edges (property)', (client) => {
  it('refuses the limit, or answers as the in-memory store and keeps keys apart', async () => {
    await sameAsMemory(() => new RedisLimitStore({ client: client(), prefix: 'brane:edges:' }));
  });
});
