import { validateLimit } from '@brane/decisions';
import { InMemoryLimitStore } from '@brane/limits';
import { describeLimitStoreContract } from '@brane/limits/testing';

describeLimitStoreContract('InMemoryLimitStore', () => ({ store: new InMemoryLimitStore() }));

describe('InMemoryLimitStore', () => {
  it('holds one entry per millisecond, and forgets a key once its window is empty', () => {
    let now = 0;
    const store = new InMemoryLimitStore({ now: () => now });
    const rate = validateLimit({ key: 'k', max: 1000, per: '1s' });
    for (let i = 0; i < 500; i++) expect(store.reserve(`a${i}`, [rate]).granted).toBe(true);
    expect(store.usage('k')).toEqual({ key: 'k', used: 500, max: 1000, remaining: 500 });
    now = 1000;
    expect(store.usage('k')).toBeUndefined();
  });

  it('reserves for an action, reading its id only when the reservation is asked for it', () => {
    const store = new InMemoryLimitStore();
    const rate = validateLimit({ key: 'k', max: 10, per: '1s' });
    const other = validateLimit({ key: 'k2', max: 10, per: '1s' });
    for (const limits of [[rate], [rate, other]]) {
      let reads = 0;
      const action = {
        get actionId(): string {
          reads += 1;
          return 'act_1';
        },
      };
      const result = store.reserve(action, limits);
      expect(reads).toBe(0);
      if (!result.granted) throw new Error('refused');
      expect(result.reservation.id).toBe('act_1');
      expect(reads).toBe(1);
    }
  });
});

describe('InMemoryLimitStore.consume', () => {
  const count = validateLimit({ key: 'mail', max: 2, per: '1m' });
  const sum = validateLimit({ key: 'spend', kind: 'sum', cost: 30, max: 50, per: '1h' });

  it('reserves what fits, without a reservation, and refuses what does not, with what remains and when', () => {
    let now = 1_000_000;
    const store = new InMemoryLimitStore({ now: () => now });

    expect(store.consume([count])).toBeUndefined();
    expect(store.consume([count])).toBeUndefined();
    expect(store.consume([count])).toEqual({ limit: count, remaining: 0, retryAfterMs: 60_000 });
    expect(store.usage('mail')).toEqual({ key: 'mail', used: 2, max: 2, remaining: 0 });
    now += 60_000;
    expect(store.consume([count])).toBeUndefined();
  });

  it('takes several limits all or none', () => {
    const store = new InMemoryLimitStore({ now: () => 0 });

    expect(store.consume([count, sum])).toBeUndefined();
    expect(store.consume([count, sum])).toMatchObject({ limit: sum, remaining: 20 });
    expect(store.usage('mail')?.used).toBe(1); // the refused call took nothing
  });

  it.each([
    ['a concurrent slot', validateLimit({ key: 'slots', kind: 'concurrent', max: 2 })],
    [
      'a refund on failure',
      validateLimit({ key: 'spend', kind: 'sum', cost: 1, max: 5, per: '1h', refundOnFailure: true }),
    ],
  ])('refuses a limit that gives back when its call ends: %s', (_, limit) => {
    const store = new InMemoryLimitStore();

    expect(() => store.consume([count, limit])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
    expect(store.usage('mail')).toBeUndefined();
  });
});
