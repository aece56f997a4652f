import type { Transform } from '../../decisions/src/Transform.js';
import { BraneError } from '@brane/errors';
import type { CapabilityInfo } from '../src/CapabilityInfo.js';
import { transformArgs } from '../src/transformArgs.js';
import { makeCapability } from './fixtures.js';

/** `refund_customer(customerId, amountUsd, reason)` */
const positional = makeCapability();
/** `send_email({ to, subject, body })` */
const objectMode = makeCapability({ name: 'send_email', params: undefined });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

function transformError(capability: CapabilityInfo, args: unknown, transform: unknown): BraneError {
  try {
    transformArgs(capability, args as unknown[], transform as Transform);
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    return error as BraneError;
  }
  throw new Error('expected transformArgs to throw');
}

describe('transformArgs', () => {
  describe('with positional arguments', () => {
    it('patches the named arguments and keeps the others, without mutating args', () => {
      const args = deepFreeze(['cust_1', 900, 'late delivery']);

      const result = transformArgs(positional, args, { patch: { amountUsd: 100 } });

      expect(result).toStrictEqual(['cust_1', 100, 'late delivery']);
      expect(result).not.toBe(args);
      expect(args).toStrictEqual(['cust_1', 900, 'late delivery']);
    });

    it('grows the list to reach a later argument, padding with undefined (no holes)', () => {
      const result = transformArgs(positional, ['cust_1'], { patch: { reason: 'capped by policy' } });

      expect(result).toStrictEqual(['cust_1', undefined, 'capped by policy']);
      expect(1 in result).toBe(true);
    });

    it('passes the untouched arguments on as they are', () => {
      const customer = deepFreeze({ id: 'cust_1' });

      const result = transformArgs(positional, [customer, 900], { patch: { amountUsd: 1 } });

      expect(result[0]).toBe(customer);
    });

    it('deep-copies patched values: mutating the transform afterwards changes nothing', () => {
      const patch = { customerId: { id: 'cust_2', tags: ['vip'] } };

      const result = transformArgs(positional, ['cust_1', 5], { patch });
      patch.customerId.tags.push('changed');
      patch.customerId.id = 'cust_3';

      expect(result).toStrictEqual([{ id: 'cust_2', tags: ['vip'] }, 5]);
    });

    it('replaces every argument by name, in params order, dropping trailing undefined', () => {
      const args = deepFreeze(['cust_1', 900, 'original']);

      expect(transformArgs(positional, args, { replace: { amountUsd: 10, customerId: 'cust_9' } })).toStrictEqual([
        'cust_9',
        10,
      ]);
      expect(transformArgs(positional, args, { replace: { reason: 'r' } })).toStrictEqual([undefined, undefined, 'r']);
      expect(transformArgs(positional, args, { replace: { customerId: 'c', reason: undefined } })).toStrictEqual(['c']);
      expect(transformArgs(positional, args, { replace: {} })).toStrictEqual([]);
      expect(args).toStrictEqual(['cust_1', 900, 'original']);
    });

    it('deep-copies replaced values', () => {
      const replace = { customerId: { id: 'c' } };

      const result = transformArgs(positional, [], { replace });
      replace.customerId.id = 'changed';

      expect(result).toStrictEqual([{ id: 'c' }]);
    });

    it('reads only own keys of a replacement, never inherited ones', () => {
      const capability = makeCapability({ params: ['toString', 'valueOf'] });

      expect(transformArgs(capability, [1, 2], { replace: {} })).toStrictEqual([]);
    });

    it.each<[string, Transform, string]>([
      ['patch', { patch: { amount: 100 } }, 'amount'],
      ['replace', { replace: { customerId: 'c', refundAll: true } }, 'refundAll'],
    ])('rejects a %s naming an unknown argument with UNKNOWN_ARGUMENT', (field, transform, name) => {
      const error = transformError(positional, ['cust_1', 900], transform);

      expect(error.code).toBe('UNKNOWN_ARGUMENT');
      expect(error.message).toContain(`\`transform.${field}\` names \`${name}\``);
      expect(error.message).toContain('its arguments: customerId, amountUsd, reason');
      expect(error.details).toStrictEqual({
        capability: 'refund_customer',
        argument: name,
        params: ['customerId', 'amountUsd', 'reason'],
      });
    });

    it('rejects a replacement that is not a plain object of arguments', () => {
      const error = transformError(positional, ['cust_1'], { replace: ['cust_2', 5] });

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/`transform\.replace` must be a plain object of arguments \(got an array of 2\)/);
    });
  });

  describe('with one object argument', () => {
    it('merges a patch into a copy of the object, without mutating it', () => {
      const input = deepFreeze({ to: 'a@x.io', subject: 'Hi', body: 'secret' });

      const result = transformArgs(objectMode, [input], { patch: { body: '[removed]', cc: 'audit@x.io' } });

      expect(result).toStrictEqual([{ to: 'a@x.io', subject: 'Hi', body: '[removed]', cc: 'audit@x.io' }]);
      expect(result[0]).not.toBe(input);
      expect(input.body).toBe('secret');
    });

    it('patches an empty object when there is no argument', () => {
      expect(transformArgs(objectMode, [], { patch: { to: 'x' } })).toStrictEqual([{ to: 'x' }]);
    });

    it('keeps a null prototype, and an own `__proto__` key of the input as data', () => {
      const bare = deepFreeze(Object.assign(Object.create(null) as object, { to: 'a' }));
      const parsed = deepFreeze(JSON.parse('{"__proto__": {"admin": true}, "to": "a"}') as object);

      const [bareResult] = transformArgs(objectMode, [bare], { patch: { to: 'b' } }) as [object];
      const [parsedResult] = transformArgs(objectMode, [parsed], { patch: { to: 'b' } }) as [Record<string, unknown>];

      expect(Object.getPrototypeOf(bareResult)).toBeNull();
      expect({ ...bareResult }).toStrictEqual({ to: 'b' });
      expect(Object.getPrototypeOf(parsedResult)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(parsedResult, '__proto__')?.value).toStrictEqual({ admin: true });
      expect(parsedResult['admin']).toBeUndefined();
    });

    it('replaces the object with a deep copy of the replacement', () => {
      const replace = { to: 'b@x.io', attachments: [{ name: 'a.pdf' }] };

      const result = transformArgs(objectMode, [{ to: 'a@x.io', body: 'x' }], { replace });
      replace.attachments[0]!.name = 'evil.exe';

      expect(result).toStrictEqual([{ to: 'b@x.io', attachments: [{ name: 'a.pdf' }] }]);
    });

    it.each<[string, unknown]>([
      ['a string', 'text'],
      ['null', null],
      ['a class instance', new Date(0)],
    ])('rejects a patch of an argument that is %s', (_label, input) => {
      const error = transformError(objectMode, [input], { patch: { to: 'x' } });

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/takes one plain object, but `args\[0\]` is/);
    });

    it('accepts any key when the capability declares no keys (a `...rest` pattern takes them all)', () => {
      expect(transformArgs(objectMode, [{}], { replace: { anything: 1 } })).toStrictEqual([{ anything: 1 }]);
    });
  });

  describe('with one object argument of declared keys (security review, finding 11)', () => {
    /** `search({ query, limit })` */
    const search = makeCapability({ name: 'search', params: undefined, keys: ['query', 'limit'] });

    it.each<[string, Transform, string]>([
      ['patch', { patch: { nope: 1 } }, 'nope'],
      ['replace', { replace: { nope: 1 } }, 'nope'],
      ['replace', { replace: { query: 'q', nope: 1 } }, 'nope'],
    ])('rejects a %s naming a key the capability does not take with UNKNOWN_ARGUMENT', (field, transform, key) => {
      const error = transformError(search, [{ query: 'q' }], transform);

      expect(error.code).toBe('UNKNOWN_ARGUMENT');
      expect(error.message).toContain(`\`transform.${field}\` names \`${key}\`, which is not a key of \`search\``);
      expect(error.message).toContain('its keys: query, limit');
      expect(error.details).toStrictEqual({ capability: 'search', argument: key, keys: ['query', 'limit'] });
    });

    it('patches and replaces declared keys, even ones the call did not pass', () => {
      expect(transformArgs(search, [{ query: 'q' }], { patch: { limit: 5 } })).toStrictEqual([
        { query: 'q', limit: 5 },
      ]);
      expect(transformArgs(search, [{ query: 'q' }], { replace: { query: 'r' } })).toStrictEqual([{ query: 'r' }]);
    });

    it('refuses any key of a capability that takes an empty object', () => {
      const none = makeCapability({ name: 'ping', params: undefined, keys: [] });

      expect(transformError(none, [{}], { patch: { x: 1 } }).message).toContain('(its keys: none)');
    });

    it('rejects keys that are not an array', () => {
      const broken = makeCapability({ name: 'x', params: undefined, keys: 'query' as unknown as string[] });

      expect(transformError(broken, [{}], { patch: { query: 1 } }).message).toMatch(
        /`capability\.keys` must be an array/,
      );
    });
  });

  describe.each<[string, CapabilityInfo, unknown[]]>([
    ['positional', positional, ['cust_1', 900]],
    ['object', objectMode, [{ to: 'a' }]],
  ])('in %s mode', (_mode, capability, args) => {
    it.each<[string, unknown, RegExp]>([
      ['a non-object transform', 'patch', /`transform` must be an object/],
      ['an empty transform', {}, /neither `patch` nor `replace`/],
      ['both patch and replace', { patch: {}, replace: {} }, /both `patch` and `replace`/],
      ['a non-object patch', { patch: 'amountUsd=1' }, /`transform\.patch` must be a plain object/],
      ['a class-instance replace', { replace: new Map() }, /`transform\.replace` must be a plain object/],
      ['a `__proto__` patch key', { patch: JSON.parse('{"__proto__": {"x": 1}}') as unknown }, /`__proto__` key/],
      ['a `__proto__` replace key', { replace: JSON.parse('{"__proto__": {"x": 1}}') as unknown }, /`__proto__` key/],
      [
        'a value that cannot be copied',
        { patch: { reason: () => 'secret' } },
        /`transform\.patch\.reason` is .*, which cannot be copied/,
      ],
    ])('rejects %s with INVALID_ARGUMENT', (_label, transform, message) => {
      const error = transformError(capability, args, transform);

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/secret/);
      expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    });

    it('rejects args that are not an array', () => {
      expect(transformError(capability, 'cust_1', { patch: {} }).message).toMatch(/`args` must be an array/);
    });
  });
});
