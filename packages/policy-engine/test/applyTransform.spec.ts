import type { Transform } from '../../decisions/src/Transform.js';
import { BraneError } from '@brane/errors';
import { applyOutputTransform } from '../src/applyTransform.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

function transformError(output: unknown, transform: unknown): BraneError {
  try {
    applyOutputTransform(output, transform as Transform);
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    return error as BraneError;
  }
  throw new Error('expected applyOutputTransform to throw');
}

describe('applyOutputTransform', () => {
  describe('replace', () => {
    it('returns a deep copy of the replacement, whatever the output was', () => {
      const replacement = { summary: 'withheld', items: [{ id: 1 }] };

      const result = applyOutputTransform(new Map([['k', 'v']]), { replace: replacement });

      expect(result).toStrictEqual(replacement);
      expect(result).not.toBe(replacement);
      expect((result as typeof replacement).items[0]).not.toBe(replacement.items[0]);
    });

    it('is not changed by mutating the transform afterwards', () => {
      const transform = { replace: { items: [{ id: 1 }] } };

      const result = applyOutputTransform('output', transform);
      transform.replace.items[0]!.id = 2;
      transform.replace.items.push({ id: 3 });

      expect(result).toStrictEqual({ items: [{ id: 1 }] });
    });

    it.each<[unknown]>([['text'], [42], [null], [undefined], [[1, 2]]])('replaces with %p', (replacement) => {
      expect(applyOutputTransform({ a: 1 }, { replace: replacement })).toStrictEqual(replacement);
    });

    it('copies a Date into a new Date', () => {
      const when = new Date(5);
      const result = applyOutputTransform(null, { replace: { when } }) as { when: Date };

      // Not `toBeInstanceOf(Date)`: under jest, structuredClone builds its copies in Node's own realm.
      expect(Object.prototype.toString.call(result.when)).toBe('[object Date]');
      expect(result.when.getTime()).toBe(5);
      expect(result.when).not.toBe(when);
    });

    it.each<[string, unknown]>([
      ['a function', () => 'secret'],
      ['a nested function', { nested: { fn: () => 1 } }],
      ['a symbol', Symbol('s')],
    ])('rejects %s that cannot be copied, without quoting it', (_label, replacement) => {
      const error = transformError({}, { replace: replacement });

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/`transform\.replace(\.nested\.fn)?` is .*, which cannot be copied/);
      expect(error.message).not.toMatch(/secret|=>/);
    });
  });

  describe('patch', () => {
    it('sets the patched keys on a copy of the output, without mutating it', () => {
      const output = deepFreeze({ id: 'o1', card: { number: '4111' }, status: 'paid' });

      const result = applyOutputTransform(output, { patch: { card: null, note: 'masked' } }) as Record<string, unknown>;

      expect(result).toStrictEqual({ id: 'o1', card: null, status: 'paid', note: 'masked' });
      expect(output.card).toStrictEqual({ number: '4111' });
      expect(result).not.toBe(output);
    });

    it('deep-copies patched values, so mutating the transform afterwards changes nothing', () => {
      const patch = { tags: ['a'], meta: { source: 'policy' } };

      const result = applyOutputTransform({ id: 1 }, { patch }) as typeof patch;
      patch.tags.push('b');
      patch.meta.source = 'changed';

      expect(result).toStrictEqual({ id: 1, tags: ['a'], meta: { source: 'policy' } });
    });

    it('shares the untouched values of the output', () => {
      const output = deepFreeze({ big: { rows: [1, 2, 3] }, flag: true });

      const result = applyOutputTransform(output, { patch: { flag: false } }) as typeof output;

      expect(result.big).toBe(output.big);
    });

    it('keeps a null prototype and an own `__proto__` key of the output as data', () => {
      const output = deepFreeze(JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as Record<string, unknown>);
      const bare = deepFreeze(Object.assign(Object.create(null) as object, { a: 1 }));

      const result = applyOutputTransform(output, { patch: { a: 2 } }) as Record<string, unknown>;
      const bareResult = applyOutputTransform(bare, { patch: { a: 2 } }) as object;

      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toStrictEqual({ x: 1 });
      expect(result['a']).toBe(2);
      expect(Object.getPrototypeOf(bareResult)).toBeNull();
      expect({ ...bareResult }).toStrictEqual({ a: 2 });
    });

    it.each<[string, unknown, string]>([
      ['an array', [1, 2, 3], 'an array of 3'],
      ['a string', 'text', '`"text"`'],
      ['undefined', undefined, '`undefined`'],
      ['a Map', new Map(), 'an instance of `Map`'],
    ])('rejects patching %s', (_label, output, described) => {
      const error = transformError(output, { patch: { a: 1 } });

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain(`cannot patch an output that is ${described}`);
    });

    it('rejects a `__proto__` key in the patch, leaving Object.prototype alone', () => {
      const patch = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;

      const error = transformError({ a: 1 }, { patch });

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/`__proto__` key/);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('rejects a patched value that cannot be copied, naming its key', () => {
      const error = transformError({ a: 1 }, { patch: { ok: 1, callback: () => 'secret' } });

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/`transform\.patch\.callback` is a function .*, which cannot be copied/);
      expect(error.message).not.toMatch(/secret/);
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-object transform', 'replace', /`transform` must be an object/],
    ['null', null, /`transform` must be an object/],
    ['an empty transform', {}, /neither `patch` nor `replace`/],
    ['both patch and replace', { patch: {}, replace: 1 }, /both `patch` and `replace`/],
    ['a non-object patch', { patch: ['a'] }, /`transform\.patch` must be a plain object \(got an array of 1\)/],
    ['a class-instance patch', { patch: new Date() }, /`transform\.patch` must be a plain object/],
  ])('rejects %s with INVALID_ARGUMENT', (_label, transform, message) => {
    const error = transformError({ a: 1 }, transform);

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });
});
