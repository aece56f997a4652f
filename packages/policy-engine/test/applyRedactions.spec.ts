import { runInNewContext } from 'node:vm';
import { DEFAULT_MASK, type Redaction } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { applyRedactions } from '@brane/policy-engine';

/** Freezes `value` and everything reachable from it, so any mutation by the code under test throws. */
function deepFreeze<T>(value: T): T {
  // A Buffer (or any typed array with elements) cannot be frozen; nothing here mutates one anyway.
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

const mask = (path: string, replacement?: string): Redaction =>
  replacement === undefined ? { path, action: 'mask' } : { path, action: 'mask', mask: replacement };
const remove = (path: string): Redaction => ({ path, action: 'remove' });

function redactError(output: unknown, redactions: unknown): BraneError {
  try {
    applyRedactions(output, redactions as readonly Redaction[]);
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    return error as BraneError;
  }
  throw new Error('expected applyRedactions to throw');
}

describe('applyRedactions', () => {
  const customerRecord = () =>
    deepFreeze({
      customer: { id: 'c1', email: 'ada@example.com', address: { city: 'Paris', zip: '75001' } },
      order: { id: 'o1', total: 42 },
    });

  it('masks a nested key with the default mask, sharing untouched branches', () => {
    const input = customerRecord();

    const result = applyRedactions(input, [mask('customer.email')]) as typeof input;

    expect(DEFAULT_MASK).toBe('[REDACTED]');
    expect(result).toStrictEqual({
      customer: { id: 'c1', email: '[REDACTED]', address: { city: 'Paris', zip: '75001' } },
      order: { id: 'o1', total: 42 },
    });
    expect(input.customer.email).toBe('ada@example.com');
    expect(result).not.toBe(input);
    expect(result.customer).not.toBe(input.customer);
    expect(result.order).toBe(input.order);
    expect(result.customer.address).toBe(input.customer.address);
  });

  it('masks with a custom mask', () => {
    const result = applyRedactions(customerRecord(), [mask('customer.address.zip', '***')]);

    expect(result).toMatchObject({ customer: { address: { city: 'Paris', zip: '***' } } });
  });

  it('removes a key', () => {
    const input = customerRecord();

    const result = applyRedactions(input, [remove('customer.address')]) as typeof input;

    expect(result.customer).toStrictEqual({ id: 'c1', email: 'ada@example.com' });
    expect('address' in result.customer).toBe(false);
    expect(input.customer.address.city).toBe('Paris');
  });

  it('masks a key in every element of an array', () => {
    const input = deepFreeze({
      customers: [
        { id: 1, email: 'a@x.io' },
        { id: 2, email: 'b@x.io' },
        { id: 3, name: 'no email' },
      ],
      meta: { page: 1 },
    });

    const result = applyRedactions(input, [mask('customers[].email')]) as typeof input;

    expect(result.customers).toStrictEqual([
      { id: 1, email: '[REDACTED]' },
      { id: 2, email: '[REDACTED]' },
      { id: 3, name: 'no email' },
    ]);
    expect(result.customers[2]).toBe(input.customers[2]);
    expect(result.meta).toBe(input.meta);
  });

  it('removes a key from every element of an array', () => {
    const input = deepFreeze({
      rows: [
        { a: 1, ssn: 'x' },
        { a: 2, ssn: 'y' },
      ],
    });

    expect(applyRedactions(input, [remove('rows[].ssn')])).toStrictEqual({ rows: [{ a: 1 }, { a: 2 }] });
  });

  it('walks nested arrays', () => {
    const input = deepFreeze({ items: [[{ secret: 's1', ok: 1 }], [{ secret: 's2' }, { secret: 's3' }], []] });

    expect(applyRedactions(input, [mask('items[][].secret')])).toStrictEqual({
      items: [[{ secret: '[REDACTED]', ok: 1 }], [{ secret: '[REDACTED]' }, { secret: '[REDACTED]' }], []],
    });
  });

  it('masks every own key of an object with `*`', () => {
    const input = deepFreeze({ rows: [{ id: 1, contact: { email: 'e', phone: 'p' } }] });

    expect(applyRedactions(input, [mask('rows[].contact.*')])).toStrictEqual({
      rows: [{ id: 1, contact: { email: '[REDACTED]', phone: '[REDACTED]' } }],
    });
  });

  it('uses `*` at the root, over object keys and over array elements', () => {
    const byKey = deepFreeze({ github: { token: 't1', user: 'u' }, slack: { token: 't2' } });
    const byIndex = deepFreeze([{ token: 't1' }, { token: 't2', keep: true }]);

    expect(applyRedactions(byKey, [remove('*.token')])).toStrictEqual({ github: { user: 'u' }, slack: {} });
    expect(applyRedactions(byIndex, [mask('*.token')])).toStrictEqual([
      { token: '[REDACTED]' },
      { token: '[REDACTED]', keep: true },
    ]);
  });

  it('empties an array when its elements are removed as a whole, and clears an object with `*`', () => {
    const input = deepFreeze({ items: [1, 2, 3], tags: { a: 1, b: 2 } });

    expect(applyRedactions(input, [remove('items[]'), remove('tags.*')])).toStrictEqual({ items: [], tags: {} });
    expect(input.items).toStrictEqual([1, 2, 3]);
  });

  it('masks every element of an array of primitives', () => {
    expect(applyRedactions(deepFreeze({ cards: ['4111', '5500'] }), [mask('cards[]')])).toStrictEqual({
      cards: ['[REDACTED]', '[REDACTED]'],
    });
  });

  it('addresses an array element by a canonical index, and removes it', () => {
    const input = deepFreeze({ items: [{ s: 'a' }, { s: 'b' }, { s: 'c' }] });

    expect(applyRedactions(input, [mask('items.1.s')])).toStrictEqual({
      items: [{ s: 'a' }, { s: '[REDACTED]' }, { s: 'c' }],
    });
    expect(applyRedactions(input, [remove('items.0')])).toStrictEqual({ items: [{ s: 'b' }, { s: 'c' }] });
    expect(applyRedactions(input, [mask('items.7.s')])).toBe(input);
  });

  it.each<[string]>([['missing'], ['customer.phone'], ['customer.address.country'], ['order.lines[].sku']])(
    'redacts nothing at the missing path %p, returning the output itself',
    (path) => {
      const input = customerRecord();

      expect(applyRedactions(input, [mask(path)])).toBe(input);
      expect(applyRedactions(input, [remove(path)])).toBe(input);
    },
  );

  it('redacts nothing below a primitive', () => {
    const input = deepFreeze({ a: 'a string', n: null, list: [1, 'x', null, { b: 'secret' }] });

    const result = applyRedactions(input, [mask('a.b'), mask('n.b'), mask('list[].b')]);

    expect(result).toStrictEqual({ a: 'a string', n: null, list: [1, 'x', null, { b: '[REDACTED]' }] });
    expect(applyRedactions('plain string', [mask('a.b')])).toBe('plain string');
    expect(applyRedactions(undefined, [remove('*')])).toBeUndefined();
  });

  it('does not look up inherited keys', () => {
    const input = deepFreeze({ a: 1 });

    expect(applyRedactions(input, [mask('toString'), remove('hasOwnProperty')])).toBe(input);
  });

  it('applies redactions in order, each to the result of the previous one', () => {
    const input = deepFreeze({ user: { email: 'e', name: 'n' }, items: ['a', 'b', 'c'] });

    expect(applyRedactions(input, [mask('user.email', 'X'), mask('user.email', 'Y')])).toMatchObject({
      user: { email: 'Y' },
    });
    expect(applyRedactions(input, [mask('user.email'), remove('user')])).toStrictEqual({ items: ['a', 'b', 'c'] });
    expect(applyRedactions(input, [remove('user'), mask('user.email')])).toStrictEqual({ items: ['a', 'b', 'c'] });
    expect(applyRedactions(input, [remove('items.0'), remove('items.0')])).toMatchObject({ items: ['c'] });
    expect(applyRedactions(input, [])).toBe(input);
  });

  it('masks a value of any type, even one it could not look inside', () => {
    const input = deepFreeze({ blob: Buffer.from('secret'), when: new Date(0), map: new Map([['k', 'v']]) });

    expect(applyRedactions(input, [mask('blob'), mask('when'), remove('map')])).toStrictEqual({
      blob: '[REDACTED]',
      when: '[REDACTED]',
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      'a Map',
      { customers: [new Map([['email', 'e']])] },
      'customers[].email',
      '`customers[0]` is an instance of `Map`',
    ],
    ['a Date', { at: new Date(0) }, 'at.iso', '`at` is an instance of `Date`'],
    ['a Buffer', { file: Buffer.from('x') }, 'file.*', '`file` is an instance of `Buffer`'],
    ['a class instance', { user: new (class User {})() }, 'user.email', '`user` is an instance of `User`'],
    ['a function', { fn: Object.assign(() => 1, { secret: 's' }) }, 'fn.secret', '`fn` is a function,'],
    [
      'an array subclass',
      { list: new (class List extends Array {})() },
      'list[]',
      '`list` is an array with a non-standard prototype',
    ],
    ['a non-plain root', new Set([1]), '*', 'the output is an instance of `Set`'],
    ['an object key on an array', { customers: [{ email: 'e' }] }, 'customers.email', '`customers` is an array'],
  ])('throws INVALID_ARGUMENT for a path through %s', (_label, output, path, where) => {
    const error = redactError(deepFreeze(output), [mask(path)]);

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(`cannot redact \`${path}\``);
    expect(error.message).toContain(where);
    expect(error.details).toMatchObject({ path });
  });

  it('masks an own `__proto__` key (from JSON) without touching any prototype', () => {
    const input = deepFreeze(JSON.parse('{"__proto__": {"token": "t"}, "other": {"token": "u"}}') as object);

    const result = applyRedactions(input, [mask('*.token'), mask('*')]) as Record<string, unknown>;

    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('[REDACTED]');
    expect(result['other']).toBe('[REDACTED]');
    expect(({} as Record<string, unknown>)['token']).toBeUndefined();
  });

  it('keeps a null prototype when it copies an object', () => {
    const input = deepFreeze(Object.assign(Object.create(null) as object, { secret: 's', keep: 1 }));

    const result = applyRedactions(input, [mask('secret')]) as object;

    expect(Object.getPrototypeOf(result)).toBeNull();
    expect({ ...result }).toStrictEqual({ secret: '[REDACTED]', keep: 1 });
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-array', { path: 'a', action: 'mask' }, /`redactions` must be an array/],
    ['a non-object redaction', [null], /`redactions\[0\]` must be an object/],
    ['a missing path', [{ action: 'mask' }], /`redactions\[0\]\.path` must be a string/],
    [
      'a bad action',
      [mask('a'), { path: 'a', action: 'hash' }],
      /`redactions\[1\]\.action` must be `mask` or `remove`/,
    ],
    ['a non-string mask', [{ path: 'a', action: 'mask', mask: 0 }], /`redactions\[0\]\.mask` must be a string/],
    ['a malformed path', [mask('a..b')], /invalid redaction path `a\.\.b` at position 2/],
    ['a prototype-pollution path', [mask('__proto__.polluted')], /`__proto__` is not allowed/],
  ])('rejects %s with INVALID_ARGUMENT before redacting anything', (_label, redactions, message) => {
    const error = redactError({ a: 1 }, redactions);

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });
});

describe('applyRedactions on data from another realm', () => {
  it('treats plain objects and arrays made in another realm as plain data', () => {
    const foreign = runInNewContext(
      '({ id: 1, email: "a@b.example", contacts: [{ email: "c@d.example" }] })',
    ) as unknown;

    expect(
      applyRedactions(foreign, [
        { path: 'email', action: 'mask' },
        { path: 'contacts[].email', action: 'remove' },
      ]),
    ).toStrictEqual({ id: 1, email: '[REDACTED]', contacts: [{}] });
  });
});
