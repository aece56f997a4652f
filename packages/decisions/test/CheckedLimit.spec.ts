import { Decision, validateLimit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { CHECKED_LIMITS_KEPT } from '../src/CheckedLimit.js';

/** The error `fn` throws (or `undefined`). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('CheckedLimit: a limit written again with the same fields', () => {
  it('is the limit checked before, and one limit alone is the same frozen list each time', () => {
    const first = validateLimit({ key: 'kept:a', max: 5, per: '1m' });
    expect(validateLimit({ key: 'kept:a', max: 5, per: '1m' })).toBe(first);
    const a = Decision.allow().withLimits({ key: 'kept:a', max: 5, per: '1m' });
    const b = Decision.allow().withLimits({ key: 'kept:a', max: 5, per: '1m' });
    expect(a.limits).toBe(b.limits);
    expect(a.limits).toEqual([first]);
    expect(Object.isFrozen(a.limits)).toBe(true);
  });

  it.each([
    ['a NaN cost', { kind: 'sum', cost: NaN }],
    ['a negative cost', { kind: 'sum', cost: -1 }],
    ['a sum without cost', { kind: 'sum', cost: undefined }],
    ['max 0', { max: 0 }],
    ['a bad window', { per: '1 hour' }],
    ['an unknown field', { window: '1h' }],
    ['a lease on a sum', { leaseMs: 1000 }],
  ])('with %s instead is checked again, and refused', (_, change) => {
    const valid = { key: 'kept:sum', kind: 'sum', cost: 3, max: 10, per: '1h' };
    validateLimit(valid);
    const error = thrown(() => validateLimit({ ...valid, ...change }));
    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    expect(validateLimit(valid)).toBe(validateLimit({ ...valid }));
  });

  it('takes each field as read once: a getter cannot answer one value to the check and another to the limit', () => {
    let reads = 0;
    const init = {
      key: 'kept:getter',
      max: 4,
      get per(): string {
        reads++;
        return reads === 1 ? '1s' : '1 hour';
      },
    };
    expect(validateLimit(init).windowMs).toBe(1000);
    expect(reads).toBe(1);
  });

  it(`keeps at most ${CHECKED_LIMITS_KEPT} keys, and a key forgotten is checked again`, () => {
    const first = validateLimit({ key: 'kept:0', max: 1, per: '1s' });
    for (let i = 1; i <= CHECKED_LIMITS_KEPT; i++) validateLimit({ key: `kept:${i}`, max: 1, per: '1s' });
    const again = validateLimit({ key: 'kept:0', max: 1, per: '1s' });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
