import { LimitLedger } from '../src/LimitLedger.js';

describe('LimitLedger', () => {
  it('sums what has not expired, an entry per expiry millisecond, in any order of adds', () => {
    const ledger = new LimitLedger(10);
    ledger.add(1_000, 1);
    ledger.add(1_000, 2); // the same millisecond: one entry
    ledger.add(3_000, 1);
    ledger.add(2_000, 4); // before the last one: put in its place
    expect(ledger.used).toBe(8);
    expect(ledger.freesIn(3, 500)).toBe(500); // the first entry frees 3
    expect(ledger.freesIn(4, 500)).toBe(1_500); // then the one at 2,000
    expect(ledger.freesIn(9, 500)).toBeUndefined(); // never by expiry alone
    ledger.purge(2_000);
    expect(ledger.used).toBe(1);
    expect(ledger.empty).toBe(false);
    ledger.purge(3_000);
    expect(ledger.used).toBe(0);
    expect(ledger.empty).toBe(true);
  });

  it('takes back a cost only while its entry has not expired', () => {
    const ledger = new LimitLedger(10);
    ledger.add(1_000, 2);
    ledger.add(2_000, 3);
    ledger.remove(2_000, 3);
    expect(ledger.used).toBe(2);
    ledger.remove(1_500, 1); // no entry then: nothing taken back
    expect(ledger.used).toBe(2);
    ledger.purge(1_000);
    ledger.remove(1_000, 2); // expired: already dropped
    expect(ledger.used).toBe(0);
  });

  it('is empty once every reservation was given back, and holds one of cost 0 until then', () => {
    const ledger = new LimitLedger(10);
    ledger.add(1_000, 0);
    ledger.add(1_000, 0.1); // the same entry: two reservations
    ledger.add(2_000, 0.2);
    ledger.remove(1_000, 0.1);
    ledger.remove(2_000, 0.2);
    expect(ledger.empty).toBe(false); // the reservation of cost 0 still counts
    expect(ledger.used).toBeCloseTo(0, 15);
    ledger.remove(1_000, 0);
    expect(ledger.empty).toBe(true);
    expect(ledger.used).toBe(0); // an exact 0, whatever rounding 0.1 + 0.2 - 0.1 - 0.2 left
    ledger.remove(1_000, 0); // given back already: nothing left to take
    expect(ledger.used).toBe(0);
    ledger.add(3_000, 1);
    expect(ledger.used).toBe(1);
  });

  it('counts the reservations an expiry drops, and those added before the last one', () => {
    const ledger = new LimitLedger(10);
    ledger.add(2_000, 1);
    ledger.add(1_000, 0); // before the last one: put in its place
    ledger.purge(1_000);
    expect(ledger.empty).toBe(false);
    ledger.remove(2_000, 1);
    expect(ledger.empty).toBe(true);
  });

  it('keeps an exact sum over many milliseconds as expired entries are dropped from the front', () => {
    const ledger = new LimitLedger(1e9);
    let expected = 0;
    for (let t = 0; t < 5_000; t++) {
      ledger.add(t + 100, 1);
      ledger.add(t + 100, 1);
      ledger.purge(t);
      expected = 2 * Math.min(100, t + 1);
      if (t >= 100) expect(ledger.used).toBe(2 * 100);
    }
    expect(ledger.used).toBe(expected);
    expect(ledger.freesIn(2, 4_999)).toBe(1);
  });
});
