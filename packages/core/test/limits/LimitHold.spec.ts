import { validateLimit, type Limit } from '@brane/decisions';
import type { AsyncLimitStore, Reservation } from '@brane/limits';
import { LimitHold } from '../../src/limits/LimitHold';

/** A store that only counts what the hold asks of it. */
function countingStore(): AsyncLimitStore & { renewed: number; released: number[][] } {
  const store = {
    synchronous: false as const,
    renewed: 0,
    released: [] as number[][],
    reserve: () => Promise.reject(new Error('not used')),
    release: (_: Reservation, indices: readonly number[]) => {
      store.released.push([...indices]);
      return Promise.resolve();
    },
    renew: () => {
      store.renewed++;
      return Promise.resolve();
    },
    usage: () => Promise.resolve(undefined),
  };
  return store;
}

function reservationOf(limits: readonly Limit[]): Reservation {
  return { id: 'a1', limits, grants: [], at: 0 };
}

describe('LimitHold', () => {
  it('renews a lease past 2^31 ms no more often than the timers allow, not every millisecond', async () => {
    // setInterval turns a delay above 2^31 - 1 ms into 1 ms: a lease of 90 days renewed about a thousand times a second.
    const store = countingStore();
    const slot = validateLimit({ key: 'slot', kind: 'concurrent', max: 1, leaseMs: 90 * 86_400_000 });
    const hold = new LimitHold(store, reservationOf([slot]));
    await hold.run(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(store.renewed).toBe(0);
    expect(store.released).toEqual([[0]]);
  });

  it('releases a slot once, and refunds once, however often the call ends', async () => {
    const store = countingStore();
    const slot = validateLimit({ key: 'slot', kind: 'concurrent', max: 1 });
    const spend = validateLimit({ key: 'spend', kind: 'sum', cost: 2, max: 5, per: '1h', refundOnFailure: true });
    const hold = new LimitHold(store, reservationOf([slot, spend]));
    await expect(hold.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await hold.end(true);
    await hold.end(false);
    await hold.cancel();
    expect(store.released).toEqual([[0, 1]]);
  });
});
