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
