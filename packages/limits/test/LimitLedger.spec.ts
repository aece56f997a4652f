import fc from 'fast-check';
import { LimitLedger } from '../src/LimitLedger.js';

/** One operation on a ledger, at a time of a clock that moves forward (`at` is how far it moves first). */
const operation = fc.record({
  op: fc.constantFrom('add', 'add', 'add', 'remove', 'purge'),
  at: fc.constantFrom(0, 0, 1, 5, 40),
  /**
   * How long after the clock the entry expires: often the same millisecond as the last one, at times before it. For
   * a removal, which of the reservations held is given back.
   */
  expiresIn: fc.constantFrom(10, 10, 10, 3, 50),
  cost: fc.constantFrom(0, 1, 1, 2.5),
});

describe('LimitLedger', () => {
  it('holds, after any operations, what a list of every reservation not expired nor given back holds', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const ledger = new LimitLedger(100);
        let held: { expiresAt: number; cost: number }[] = [];
        let now = 0;
        for (const { op, at, expiresIn, cost } of operations) {
          now += at;
          if (op === 'add') {
            ledger.add(now + expiresIn, cost);
            held.push({ expiresAt: now + expiresIn, cost });
          } else if (op === 'remove') {
            // A store gives back only a reservation it holds: one of those still held, picked by the draw.
            const reservation = held[(expiresIn + at) % Math.max(1, held.length)];
            if (reservation !== undefined) {
              ledger.remove(reservation.expiresAt, reservation.cost);
              held.splice(held.indexOf(reservation), 1);
            }
          } else {
            ledger.purge(now);
            held = held.filter((r) => r.expiresAt > now);
          }
          const live = held.filter((r) => r.expiresAt > now);
          ledger.purge(now);
          held = live;
          expect(ledger.used).toBeCloseTo(
            live.reduce((sum, r) => sum + r.cost, 0),
            9,
          );
          expect(ledger.empty).toBe(live.length === 0);
        }
      }),
      { numRuns: 2_000 },
    );
  });

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
