import { BraneError } from '@brane/errors';
import { newUlid } from '@brane/decisions';
import fc from 'fast-check';
import { decodeTime, encodeTime, isValid } from 'ulid';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('newUlid', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('returns a valid 26-character ULID', () => {
    const id = newUlid();

    expect(id).toHaveLength(26);
    expect(isValid(id)).toBe(true);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it.each([[1], [1_234_567], [1_700_000_000_000], [2 ** 48 - 1]])('encodes seedTime %p in its time part', (seed) => {
    expect(decodeTime(newUlid(seed))).toBe(seed);
  });

  it('uses the current time by default', () => {
    jest.useFakeTimers({ now: 1_650_000_000_123 });

    expect(decodeTime(newUlid())).toBe(1_650_000_000_123);
  });

  it('sorts by time', () => {
    const ids = [3, 1, 2].map((offset) => newUlid(1_700_000_000_000 + offset * 1000));

    expect([...ids].sort()).toStrictEqual([ids[1], ids[2], ids[0]]);
  });

  it('makes 10,000 unique ids, even within the same millisecond', () => {
    const sameTime = Array.from({ length: 10_000 }, () => newUlid(1_700_000_000_000));

    expect(new Set(sameTime).size).toBe(10_000);
    expect(new Set(sameTime.map((id) => id.slice(0, 10))).size).toBe(1);
  });

  it('uses every one of the 32 Crockford characters in the random part (no biased or missing symbols)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      for (const char of newUlid().slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }

    expect([...counts.keys()].sort().join('')).toBe(CROCKFORD);
    // 160,000 characters, 5,000 expected each: every symbol stays well within a loose band.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(4_000);
      expect(count).toBeLessThan(6_000);
    }
  });

  it('encodes seedTime 0 as the epoch', () => {
    expect(decodeTime(newUlid(0))).toBe(0);
  });

  it.each<[string, unknown]>([
    ['NaN', NaN],
    ['a negative time', -1],
    ['a fractional time', 1.5],
    ['a time past 2^48 - 1', 2 ** 48],
    ['a string', 'soon'],
  ])('rejects %s as seedTime with INVALID_ARGUMENT', (_label, seed) => {
    let error: unknown;
    try {
      newUlid(seed as number);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    expect((error as BraneError).message).toContain('seedTime');
  });
});

describe('newUlid time part', () => {
  it('encodes each seed time, whatever times were asked before it (ids of actions and decisions interleave)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 1, maxLength: 12 }), (times) => {
        for (const time of [...times, ...times.reverse()])
          expect(newUlid(time).slice(0, 10)).toBe(encodeTime(time, 10));
      }),
    );
  });
});
