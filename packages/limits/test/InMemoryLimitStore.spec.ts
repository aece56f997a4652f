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
});
