import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeStoreContract, globalTestApi, type ContractTestApi, type StoreFixture } from '@brane/errors/testing';
import { validateLimit, type Limit, type LimitInit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import type { LimitStore, Reservation, ReservationResult } from '../LimitStore.js';

/** A store under test, and how to dispose of it after the test. */
export type LimitStoreFixture = StoreFixture<LimitStore>;

/**
 * Registers the tests every {@link LimitStore} must pass: the suite Brane runs against its in-memory, Redis
 * and PostgreSQL stores. Keys are unique to each test, so a shared server needs no cleaning. Windows and
 * leases are short (a few hundred milliseconds) and measured on the store's own clock.
 *
 * @example
 * import { describeLimitStoreContract } from '@brane/limits/testing';
 * describeLimitStoreContract('MyLimitStore', () => ({ store: new MyLimitStore(client) }));
 */
export function describeLimitStoreContract(
  name: string,
  setup: () => LimitStoreFixture | Promise<LimitStoreFixture>,
  api: ContractTestApi = globalTestApi(),
): void {
  let prefix = '';
  const fresh = () => {
    prefix = `contract:${randomUUID()}:`;
    return setup();
  };
  describeStoreContract(api, `${name} (LimitStore contract)`, fresh, (store) => {
    const limit = (init: LimitInit): Limit => validateLimit({ ...init, key: prefix + init.key });
    const reserve = async (id: string, ...limits: Limit[]): Promise<ReservationResult> =>
      await store().reserve(id, limits);
    const granted = async (id: string, ...limits: Limit[]): Promise<Reservation> => {
      const result = await reserve(id, ...limits);
      assert.ok(result.granted, `expected ${id} to be granted`);
      return result.reservation;
    };

    api.it('grants within max and reports what remains, by key', async () => {
      const rate = limit({ key: 'rate', max: 3, per: '1h' });
      const first = await granted('a1', rate);
      assert.deepEqual(first.grants, [{ key: rate.key, cost: 1, max: 3, remaining: 2 }]);
      assert.equal(first.id, 'a1');
      await granted('a2', rate);
      assert.deepEqual(await store().usage(rate.key), { key: rate.key, used: 2, max: 3, remaining: 1 });
      assert.equal(await store().usage(`${prefix}other`), undefined);
    });

    api.it('refuses past max with what remains and when it frees, reserving nothing', async () => {
      const budget = limit({ key: 'budget', kind: 'sum', cost: 70, max: 100, per: '1h' });
      await granted('b1', budget);
      const refused = await reserve('b2', budget);
      assert.ok(!refused.granted);
      assert.equal(refused.refusal.limit, budget);
      assert.equal(refused.refusal.remaining, 30);
      assert.ok(refused.refusal.retryAfterMs !== undefined && refused.refusal.retryAfterMs <= 3_600_000);
      assert.ok(refused.refusal.retryAfterMs > 3_590_000);
      assert.equal((await store().usage(budget.key))?.used, 70);
      const huge = limit({ key: 'budget', kind: 'sum', cost: 101, max: 100, per: '1h' });
      const never = await reserve('b3', huge);
      assert.ok(!never.granted);
      assert.equal(never.refusal.retryAfterMs, undefined);
    });

    api.it('reserves every limit or none', async () => {
      const a = limit({ key: 'all-a', max: 5, per: '1h' });
      const b = limit({ key: 'all-b', max: 1, per: '1h' });
      await granted('c1', b);
      const refused = await reserve('c2', a, b);
      assert.ok(!refused.granted);
      assert.equal(refused.refusal.limit, b);
      assert.equal((await store().usage(a.key))?.used ?? 0, 0);
      const twice = limit({ key: 'all-c', kind: 'sum', cost: 3, max: 5, per: '1h' });
      const refusedTwice = await reserve('c3', twice, twice); // one key named twice must fit both costs
      assert.ok(!refusedTwice.granted);
      assert.equal((await store().usage(twice.key))?.used ?? 0, 0);
    });

    api.it('gives back released costs and concurrent slots, once', async () => {
      const slots = limit({ key: 'slots', kind: 'concurrent', max: 1 });
      const spend = limit({ key: 'spend', kind: 'sum', cost: 4, max: 5, per: '1h', refundOnFailure: true });
      const held = await granted('d1', slots, spend);
      assert.ok(!(await reserve('d2', slots)).granted);
      await store().release(held, [0, 1]);
      await store().release(held, [0, 1]);
      assert.equal(await store().usage(slots.key), undefined);
      assert.equal(await store().usage(spend.key), undefined);
      await granted('d3', slots, spend);
      assert.equal((await store().usage(spend.key))?.used, 4);
    });

    api.it('has no usage once every reservation under a key was given back; one of cost 0 still counts', async () => {
      const slots = limit({ key: 'given-back', kind: 'concurrent', max: 3 });
      const first = await granted('i1', slots);
      const second = await granted('i2', slots);
      await store().release(first, [0]);
      assert.deepEqual(await store().usage(slots.key), { key: slots.key, used: 1, max: 3, remaining: 2 });
      await store().release(second, [0]);
      assert.equal(await store().usage(slots.key), undefined, 'every slot was given back');
      const free = limit({ key: 'zero', kind: 'sum', cost: 0, max: 5, per: '1h', refundOnFailure: true });
      const paid = limit({ key: 'zero', kind: 'sum', cost: 3, max: 5, per: '1h', refundOnFailure: true });
      const zero = await granted('i3', free);
      await store().release(await granted('i4', paid), [0]);
      assert.deepEqual(await store().usage(free.key), { key: free.key, used: 0, max: 5, remaining: 5 });
      await store().release(zero, [0]);
      assert.equal(await store().usage(free.key), undefined);
    });

    api.it('refuses an id that still holds a reservation under a key it names, reserving nothing', async () => {
      const slot = limit({ key: 'ids-slot', kind: 'concurrent', max: 5 });
      const rate = limit({ key: 'ids-rate', max: 5, per: '1h' });
      const other = limit({ key: 'ids-other', max: 5, per: '1h' });
      const held = await granted('j1', slot, rate);
      for (const limits of [
        [slot],
        [rate],
        [other, rate],
        [limit({ key: 'ids-slot', kind: 'sum', cost: 2, max: 9, per: '1h' })],
      ]) {
        await assert.rejects(
          async () => await reserve('j1', ...limits),
          (error: unknown) =>
            error instanceof BraneError &&
            error.code === 'INVALID_ARGUMENT' &&
            error.message.includes('already holds a reservation under limit'),
        );
      }
      assert.equal((await store().usage(slot.key))?.used, 1);
      assert.equal((await store().usage(rate.key))?.used, 1);
      assert.equal(await store().usage(other.key), undefined, 'a refused reservation reserves nothing');
      await store().release(held, [0]);
      assert.equal(await store().usage(slot.key), undefined, 'the held reservation was kept, and is released');
      await granted('j1', slot); // its slot given back, the id may hold the key again
      await granted('j1', other); // an id's reservations under other keys are its own
      assert.ok(!(await reserve('j2', limit({ key: 'ids-rate', max: 1, per: '1h' }))).granted);
    });

    api.it('lets an id be used again once what it held expired', async () => {
      const rate = limit({ key: 'ids-window', max: 5, per: '400ms' });
      await granted('j3', rate);
      await assert.rejects(async () => await reserve('j3', rate), BraneError);
      await sleep(460);
      await granted('j3', rate);
    });

    api.it(
      'releases and renews an old reservation again, after its id was used again, without touching the new one',
      async () => {
        const slot = limit({ key: 'again-slot', kind: 'concurrent', max: 2, leaseMs: 1000 });
        const spend = limit({ key: 'again-spend', kind: 'sum', cost: 3, max: 10, per: '1h', refundOnFailure: true });
        const old = await granted('m1', slot, spend);
        await store().release(old, [0, 1]);
        const reused = await granted('m1', slot, spend);
        await store().release(old, [0, 1]);
        await store().renew(old);
        assert.equal((await store().usage(slot.key))?.used, 1, "the new reservation's slot is still held");
        assert.equal((await store().usage(spend.key))?.used, 3, "the new reservation's cost is still counted");
        await assert.rejects(async () => await reserve('m1', slot), BraneError); // the new one still holds the id
        await store().release(reused, [0, 1]);
        assert.equal(await store().usage(slot.key), undefined);
        assert.equal(await store().usage(spend.key), undefined);
        // Renewing the old reservation does not extend the new one's lease: it lapses on time.
        await granted('m1', slot);
        await sleep(400);
        await store().renew(old);
        await sleep(750);
        assert.equal(await store().usage(slot.key), undefined, "the new reservation's lease was not renewed");
      },
    );

    api.it('refuses an id that is not one: empty, too long, with a control character or a lone surrogate', async () => {
      const rate = limit({ key: 'ids-shape', max: 5, per: '1h' });
      for (const id of ['', 'x'.repeat(257), 'a\u0000', 'a\n', 'a\uD800', 7]) {
        await assert.rejects(
          async () => await store().reserve(id as string, [rate]),
          (error: unknown) => error instanceof BraneError && error.code === 'INVALID_ARGUMENT',
        );
      }
      assert.equal(await store().usage(rate.key), undefined);
      await granted('x'.repeat(256), rate);
      await granted('a|1 ключ', rate);
    });

    api.it('slides the window on the store clock', async () => {
      const rate = limit({ key: 'slide', max: 2, per: '400ms' });
      await granted('e1', rate);
      await granted('e2', rate);
      const refused = await reserve('e3', rate);
      assert.ok(!refused.granted);
      assert.ok(refused.refusal.retryAfterMs !== undefined && refused.refusal.retryAfterMs <= 400);
      await sleep(refused.refusal.retryAfterMs + 60);
      await granted('e4', rate);
    });

    api.it('frees a concurrent slot whose lease ran out, and keeps one that is renewed', async () => {
      // Margins of 450 ms either way, so that a loaded machine's late timers do not decide the outcome.
      const lapsing = limit({ key: 'lease-a', kind: 'concurrent', max: 1, leaseMs: 1000 });
      const renewed = limit({ key: 'lease-b', kind: 'concurrent', max: 1, leaseMs: 1000 });
      await granted('f1', lapsing);
      const kept = await granted('f2', renewed);
      await sleep(550);
      await store().renew(kept);
      await sleep(550);
      assert.ok((await reserve('f3', lapsing)).granted, 'a lapsed lease frees its slot');
      assert.ok(!(await reserve('f4', renewed)).granted, 'a renewed lease keeps its slot');
    });

    api.it('never grants more than max to concurrent callers', async () => {
      const cap = limit({ key: 'race', kind: 'sum', cost: 3, max: 31, per: '1h' });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => reserve(`g${i}`, cap)));
      assert.equal(results.filter((result) => result.granted).length, 10);
      assert.equal((await store().usage(cap.key))?.used, 30);
    });

    api.it('keeps keys apart, whatever characters they hold', async () => {
      const keys = ['k', 'k:', 'k:1', 'ключ', 'k*', 'k{x}', "k'--", 'k%_'];
      for (const key of keys) await granted(`h-${key}`, limit({ key, max: 1, per: '1h' }));
      for (const key of keys) assert.equal((await store().usage(prefix + key))?.used, 1, key);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
