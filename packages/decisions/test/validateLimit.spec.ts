import { Decision, LIMIT_KEY_MAX_LENGTH, composeDecisions, parseWindow, validateLimit } from '@brane/decisions';
import { BraneError } from '@brane/errors';

describe('validateLimit', () => {
  it('completes a limit with its defaults, frozen', () => {
    const limit = validateLimit({ key: 'emails', max: 20, per: '1h' });
    expect(limit).toEqual({
      key: 'emails',
      kind: 'count',
      cost: 1,
      max: 20,
      windowMs: 3_600_000,
      refundOnFailure: false,
      leaseMs: undefined,
      onStoreError: 'deny',
    });
    expect(Object.isFrozen(limit)).toBe(true);
    expect(validateLimit({ key: 'b', kind: 'concurrent', max: 3 })).toMatchObject({
      windowMs: undefined,
      leaseMs: 30_000,
    });
  });

  it.each([
    ['a negative cost', { key: 'k', kind: 'sum', cost: -1, max: 10, per: '1h' }, /cost.*finite number ≥ 0/],
    ['a NaN cost', { key: 'k', kind: 'sum', cost: NaN, max: 10, per: '1h' }, /cost.*`NaN`/],
    ['an infinite cost', { key: 'k', kind: 'sum', cost: Infinity, max: 10, per: '1h' }, /cost/],
    ['a sum without cost', { key: 'k', kind: 'sum', max: 10, per: '1h' }, /cost/],
    ['a count cost other than 1', { key: 'k', cost: 5, max: 10, per: '1h' }, /use `kind: 'sum'`/],
    ['max 0', { key: 'k', max: 0, per: '1h' }, /`max` must be a whole number greater than 0/],
    ['a negative max', { key: 'k', kind: 'sum', cost: 1, max: -5, per: '1h' }, /`max`/],
    ['a fractional count max', { key: 'k', max: 1.5, per: '1h' }, /whole number/],
    // PostgreSQL's sums overflowed past it (a store failure, an allow under onStoreError: 'allow').
    ['a sum max of 1e308', { key: 'k', kind: 'sum', cost: 1, max: 1e308, per: '1h' }, /at most 9007199254740991/],
    ['a sum max past 2^53', { key: 'k', kind: 'sum', cost: 1, max: 2 ** 53, per: '1h' }, /at most 9007199254740991/],
    ['an infinite sum max', { key: 'k', kind: 'sum', cost: 1, max: Infinity, per: '1h' }, /`max`/],
    ['an unknown window', { key: 'k', max: 1, per: '1 hour' }, /`per` must be a window/],
    ['a week unit', { key: 'k', max: 1, per: '1w' }, /`per` must be a window/],
    ['a window of 0', { key: 'k', max: 1, per: 0 }, /`per`/],
    ['a window past 366 days', { key: 'k', max: 1, per: '367d' }, /at most 366d/],
    ['a missing window', { key: 'k', max: 1 }, /`per` is required/],
    ['a window on concurrent', { key: 'k', kind: 'concurrent', max: 1, per: '1h' }, /does not apply to `concurrent`/],
    ['an empty key', { key: '', max: 1, per: '1h' }, /`key` must be a string of 1 to 256/],
    ['a key over the length', { key: 'k'.repeat(LIMIT_KEY_MAX_LENGTH + 1), max: 1, per: '1h' }, /257 characters/],
    ['a key with a newline', { key: 'a\nb', max: 1, per: '1h' }, /control characters/],
    ['a key that is not a string', { key: 42, max: 1, per: '1h' }, /`key`/],
    // Redis and PostgreSQL store a lone surrogate as U+FFFD: two such keys would share one limit there.
    ['a key with a lone high surrogate', { key: 'a\uD800', max: 1, per: '1h' }, /lone surrogate/],
    ['a key with a lone low surrogate', { key: '\uDC00b', max: 1, per: '1h' }, /lone surrogate/],
    ['an unknown kind', { key: 'k', kind: 'rate', max: 1, per: '1h' }, /`kind` must be one of/],
    ['an unknown field', { key: 'k', max: 1, per: '1h', window: '1h' }, /no field `window`/],
    [
      'refundOnFailure on concurrent',
      { key: 'k', kind: 'concurrent', max: 1, refundOnFailure: true },
      /always released/,
    ],
    ['a lease on count', { key: 'k', max: 1, per: '1h', leaseMs: 1000 }, /`leaseMs` applies to `concurrent` only/],
    ['a lease too short', { key: 'k', kind: 'concurrent', max: 1, leaseMs: 5 }, /≥ 100/],
    ['an unknown store-error mode', { key: 'k', max: 1, per: '1h', onStoreError: 'ignore' }, /`onStoreError`/],
    ['not an object', 'k', /must be an object/],
    ['null', null, /must be an object/],
    ['an array', [{ key: 'k', max: 1, per: '1h' }], /must be an object/],
    ['a Map', new Map([['key', 'k']]), /must be an object/],
    [
      'a class instance with the fields of a limit',
      new (class {
        readonly key = 'k';
        readonly max = 1;
        readonly per = '1h';
      })(),
      /must be an object/,
    ],
    [
      'an object that inherits the fields of a limit',
      Object.create({ key: 'k', max: 1, per: '1h' }),
      /must be an object/,
    ],
  ])('refuses %s with a clear INVALID_ARGUMENT', (_, init, message) => {
    let error: unknown;
    try {
      validateLimit(init);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    expect((error as BraneError).message).toMatch(message);
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    [1234, 1234],
  ])('parses the window %p', (per, ms) => {
    expect(parseWindow(per)).toBe(ms);
  });
});

describe('Decision.withLimits', () => {
  const rate = { key: 'emails', max: 20, per: '1h' } as const;
  const slots = { key: 'browsers', kind: 'concurrent', max: 3 } as const;

  it('accepts a sum max of exactly 2^53 - 1, and keys of astral characters up to 256 UTF-16 units', () => {
    expect(validateLimit({ key: 'k', kind: 'sum', cost: 1, max: Number.MAX_SAFE_INTEGER, per: '1h' }).max).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(validateLimit({ key: '\u{1F600}'.repeat(128), max: 1, per: '1h' }).key).toHaveLength(256);
    expect(() => validateLimit({ key: `k${'\u{1F600}'.repeat(128)}`, max: 1, per: '1h' })).toThrow(/257 characters/);
  });

  it('attaches checked limits to any decision but a deny', () => {
    expect(Decision.allow().withLimits(rate).limits).toEqual([validateLimit(rate)]);
    expect(Decision.logOnly('watch').withLimits(rate, slots).limits).toHaveLength(2);
    expect(() => Decision.deny('no').withLimits(rate)).toThrow(/a deny reserves nothing/);
    expect(() => new Decision({ type: 'deny', reason: 'no', limits: [rate] })).toThrow(/a deny reserves nothing/);
    expect(() => Decision.allow().withLimits()).toThrow(/non-empty list of limits/);
  });

  it('keeps the limits of every composed decision, and none of a deny', () => {
    const a = Decision.allow().withLimits(rate);
    const b = Decision.allow().withLimits(slots);
    expect(
      composeDecisions([a, Decision.allow(), b], Decision.allow())
        .limits?.map((l) => l.key)
        .sort(),
    ).toEqual(['browsers', 'emails']);
    expect(composeDecisions([a, Decision.logOnly('x')], Decision.allow()).limits?.map((l) => l.key)).toEqual([
      'emails',
    ]);
    expect(composeDecisions([Decision.logOnly('x').withLimits(slots), a], Decision.allow()).limits).toHaveLength(2);
    expect(composeDecisions([a, Decision.deny('no')], Decision.allow()).limits).toBeUndefined();
  });

  it('is in the JSON form', () => {
    expect(Decision.allow().withLimits(rate).toJSON().limits).toEqual([validateLimit(rate)]);
  });

  it('reserves a limit as often as policies attach it, whether they return one shared instance or equal ones', () => {
    const shared = Decision.allow().withLimits(rate);
    const equal = Decision.allow().withLimits(rate);
    expect(composeDecisions([shared, shared], Decision.allow()).limits).toHaveLength(2);
    expect(composeDecisions([shared, equal], Decision.allow()).limits).toHaveLength(2);
    const watched = Decision.logOnly('watch').withLimits(slots);
    expect(composeDecisions([watched, shared, shared], Decision.allow()).limits).toHaveLength(3);
  });
});
