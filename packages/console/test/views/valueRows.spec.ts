import { valueRows } from '../../src/views/valueRows';

describe('valueRows', () => {
  it('gives one row per leaf, by path', () => {
    expect(valueRows({ amount: 10, items: [{ sku: 'a' }, []], 'odd key': { '': null }, empty: {} })).toStrictEqual([
      { path: 'amount', value: 10 },
      { path: 'items[0].sku', value: 'a' },
      { path: 'items[1]', value: [] },
      { path: '["odd key"][""]', value: null },
      { path: 'empty', value: {} },
    ]);
  });

  it('stops at 2,000 rows and says how many more there are', () => {
    const rows = valueRows({ list: Array.from({ length: 2_500 }, (_, i) => i) });
    expect(rows).toHaveLength(2_001);
    expect(rows[2_000]).toStrictEqual({ path: '…', value: '500 more values not shown' });
  });
});
