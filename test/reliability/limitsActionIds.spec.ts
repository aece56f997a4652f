import { randomUUID } from 'node:crypto';
import { validateLimit, type Limit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { InMemoryLimitStore, type LimitStore, type Reservation } from '@brane/limits';
import { PostgresLimitStore } from '@brane/postgres';
import { RedisLimitStore } from '@brane/redis';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { describeWithRedis } from '../../packages/redis/test/describeWithRedis';
import { propertyParameters } from './propertyRuns.js';

/*
 * Action ids reused on every limit store: for any sequence of reservations under a few ids (one holding `|`, as the
 * stores' entry names do) and releases, a reservation whose id still holds one under a key it names is refused with
 * `INVALID_ARGUMENT` and reserves nothing; any other is answered by room alone; and what each key uses is exactly what
 * the reservations held and not given back cost, so that no reservation was overwritten or counted twice. Before,
 * PostgreSQL failed on its primary key (`LIMIT_STORE_FAILED`, which `onStoreError: 'allow'` turned into an allow) or
 * reserved the id twice, Redis overwrote the held entry, and memory granted it.
 */
jest.setTimeout(5 * 60_000);

const IDS = ['a', 'b', 'a|1'];
interface Reserve {
  readonly op: 'reserve';
  readonly id: number;
  /** Which limits, in order: `s` a sum (cost `units`), `c` a count, `k` a concurrent slot. */
  readonly parts: readonly ('s' | 'c' | 'k')[];
  readonly units: number;
}
interface Release {
  readonly op: 'release';
  readonly which: number;
}
const step: fc.Arbitrary<Reserve | Release> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('reserve' as const),
      id: fc.nat({ max: IDS.length - 1 }),
      parts: fc.array(fc.constantFrom('s' as const, 'c' as const, 'k' as const), { minLength: 1, maxLength: 3 }),
      units: fc.integer({ min: 0, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), which: fc.nat() }) },
);
const steps = fc.array(step, { minLength: 1, maxLength: 12 });

/** A reservation the model holds: its id, and what each limit still holds (until given back). */
interface Held {
  readonly id: string;
  readonly reservation: Reservation;
  readonly holding: boolean[];
}

function isSlot(h: Held, i: number): boolean {
  return h.reservation.limits[i]?.kind === 'concurrent';
}

async function replay(store: LimitStore, sequence: readonly (Reserve | Release)[]): Promise<string[]> {
  const prefix = `ids:${randomUUID()}:`;
  const limitsOf = (s: Reserve): Limit[] =>
    s.parts.map((part) =>
      part === 's'
        ? validateLimit({ key: `${prefix}s`, kind: 'sum', cost: s.units, max: 10, per: '1h' })
        : part === 'c'
          ? validateLimit({ key: `${prefix}c`, max: 4, per: '1h' })
          : validateLimit({ key: `${prefix}k`, kind: 'concurrent', max: 3 }),
    );
  const held: Held[] = [];
  const answers: string[] = [];
  for (const s of sequence) {
    if (s.op === 'release') {
      // Each reservation is released once, as the runtime does (releasing one again, after its id was reused, is
      // limitsReleaseAgain.spec.ts's property).
      const releasable = held.filter((h) => h.holding.some((holding, i) => holding && isSlot(h, i)));
      const h = releasable[s.which % Math.max(1, releasable.length)];
      if (h === undefined) continue;
      const indices = h.reservation.limits.flatMap((limit, i) => (limit.kind === 'concurrent' ? [i] : []));
      await store.release(h.reservation, indices);
      for (const i of indices) h.holding[i] = false;
      continue;
    }
    const id = IDS[s.id] as string;
    const limits = limitsOf(s);
    const inUse = held.some((h) =>
      h.reservation.limits.some((limit, i) => h.id === id && h.holding[i] && limits.some((l) => l.key === limit.key)),
    );
    let answer: string;
    try {
      const result = await store.reserve(id, limits);
      if (result.granted) {
        held.push({ id, reservation: result.reservation, holding: limits.map(() => true) });
        answer = 'granted';
      } else answer = `refused ${limits.indexOf(result.refusal.limit)}`;
    } catch (error) {
      if (!(error instanceof BraneError)) throw error;
      answer = `${error.code}${error.message.includes('already holds a reservation') ? ' in use' : ''}`;
    }
    if (inUse) expect(answer).toBe('INVALID_ARGUMENT in use');
    else expect(answer).not.toContain('INVALID_ARGUMENT');
    answers.push(answer);
  }
  // What each key uses is what the model's reservations still hold.
  for (const key of ['s', 'c', 'k']) {
    let expected = 0;
    let holds = false;
    for (const h of held) {
      h.reservation.limits.forEach((limit, i) => {
        if (limit.key === prefix + key && h.holding[i]) {
          expected += limit.cost;
          holds = true;
        }
      });
    }
    const usage = await store.usage(prefix + key);
    expect(usage?.used).toBe(holds ? expected : undefined);
    answers.push(`${key}: ${usage?.used}`);
  }
  return answers;
}

async function property(store: () => LimitStore, runs = 60): Promise<void> {
  await fc.assert(
    fc.asyncProperty(steps, async (sequence) => {
      const actual = await replay(store(), sequence); // first, so that a failure is this store's
      expect(actual).toEqual(await replay(new InMemoryLimitStore(), sequence));
    }),
    propertyParameters(runs),
  );
}

describe('InMemoryLimitStore refuses an id that still holds a reservation (property)', () => {
  it('refuses it, reserves nothing, and keeps every held reservation', async () => {
    await property(() => new InMemoryLimitStore(), 300);
  });
});

describeWithDatabase('PostgresLimitStore refuses an id that still holds a reservation (property)', (db) => {
  it('as the in-memory store does', async () => {
    await property(() => new PostgresLimitStore({ pool: db().pool, schema: db().schema }));
  });
});

describeWithRedis('RedisLimitStore refuses an id that still holds a reservation (property)', (client) => {
  it('as the in-memory store does', async () => {
    await property(() => new RedisLimitStore({ client: client(), prefix: 'brane:ids:' }));
  });
});
