import * as vm from 'node:vm';
import fc from 'fast-check';
import { configure } from 'safe-stable-stringify';
import { canonicalJson, toJsonData } from '@brane/approvals';
import { BraneError } from '@brane/errors';

/** The oracle: the library canonicalJson used to write through, in the same strict, deterministic mode. */
const oracle = configure({ deterministic: true, strict: true, bigint: false, circularValue: Error });

class Customer {
  name = 'Ada';
}

class NumberList extends Array<number> {}

const holey = new Array<number>(3);
holey[0] = 1;

describe('canonicalJson', () => {
  it('sorts keys, so key order never matters', () => {
    expect(canonicalJson({ b: 2, a: 1 })).toBe('{"a":1,"b":2}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('sorts keys at every depth, including objects inside arrays, and keeps array order', () => {
    const one = { z: { y: [{ d: 1, c: 2 }, 3], x: null }, a: { c: true, b: 'text' } };
    const two = { a: { b: 'text', c: true }, z: { x: null, y: [{ c: 2, d: 1 }, 3] } };

    expect(canonicalJson(one)).toBe('{"a":{"b":"text","c":true},"z":{"x":null,"y":[{"c":2,"d":1},3]}}');
    expect(canonicalJson(two)).toBe(canonicalJson(one));
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it.each([
    [null, 'null'],
    [true, 'true'],
    [0, '0'],
    [-1.5, '-1.5'],
    ['a "quoted" \n string', '"a \\"quoted\\" \\n string"'],
    [[], '[]'],
    [{}, '{}'],
  ])('serialises the JSON value %p as %p', (value, json) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it('drops object properties whose value is undefined (an argument not passed)', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('accepts objects without a prototype, and plain data made in another realm', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    const foreign: unknown = vm.runInNewContext('({ list: [1, { y: 2, x: 1 }] })');

    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
    expect(canonicalJson(foreign)).toBe('{"list":[1,{"x":1,"y":2}]}');
  });

  it('keeps a `__proto__` key as data', () => {
    const value: unknown = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');

    expect(canonicalJson(value)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { n: 1 };

    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"n":1},"b":[{"n":1}]}');
  });

  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);

  it.each([
    ['a Date', { customer: { createdAt: new Date(0) } }, '`args.customer.createdAt` is a Date'],
    ['a Map', { lookup: new Map() }, '`args.lookup` is a Map'],
    ['a Set', { tags: new Set(['a']) }, '`args.tags` is a Set'],
    ['a class instance', { customer: new Customer() }, '`args.customer` is an instance of `Customer`'],
    ['a function', { callback: () => 1 }, '`args.callback` is a function'],
    ['a symbol', { kind: Symbol('k') }, '`args.kind` is `Symbol(k)`'],
    ['a bigint', { big: 10n }, '`args.big` is a bigint (`10n`)'],
    ['NaN', { amount: NaN }, '`args.amount` is `NaN`, not a finite number'],
    ['Infinity', { amount: [1, -Infinity] }, '`args.amount[1]` is `-Infinity`, not a finite number'],
    ['undefined in an array', { list: [1, undefined] }, '`args.list[1]` is `undefined`'],
    ['a hole in an array', { list: holey }, '`args.list[1]` is `undefined`'],
    ['a cycle', { loop: cyclic }, '`args.loop.self` is a circular reference'],
    ['a cyclic array', { loop: cyclicArray }, '`args.loop[0]` is a circular reference'],
    ['a Buffer', { file: Buffer.from('x') }, '`args.file` is a Buffer'],
    ['a typed array', { bytes: new Uint8Array(2) }, '`args.bytes` is an instance of `Uint8Array`'],
    ['an array subclass', { list: new NumberList() }, '`args.list` is an array subclass'],
    ['symbol keys', { meta: { [Symbol('s')]: 1 } }, '`args.meta` is an object with symbol keys'],
    ['a promise', { later: Promise.resolve(1) }, '`args.later` is a Promise'],
    ['a quoted key', { 'odd key': { when: new Date(0) } }, '`args["odd key"].when` is a Date'],
  ])('refuses %s, naming its path', (_, value, message) => {
    expect(() => canonicalJson(value, 'args')).toThrow(BraneError);
    expect(() => canonicalJson(value, 'args')).toThrow(message);
    expect(() => canonicalJson(value, 'args')).toThrow(/approvals store JSON data only/);
  });

  it('refuses a top-level non-JSON value, naming the label (default `value`)', () => {
    expect(() => canonicalJson(undefined)).toThrow('`value` is `undefined`');
    expect(() => canonicalJson(new Date(0), 'context')).toThrow('`context` is a Date');
  });

  it('gives INVALID_ARGUMENT errors with the path in their details', () => {
    try {
      canonicalJson({ a: { b: NaN } }, 'args');
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { path: 'args.a.b' } });
    }
  });

  it('reads each getter once', () => {
    let reads = 0;
    const value = {
      get amount(): number {
        reads++;
        return 5;
      },
    };

    expect(canonicalJson(value)).toBe('{"amount":5}');
    expect(reads).toBe(1);
  });
});

describe('canonicalJson against safe-stable-stringify', () => {
  const key = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('__proto__', 'constructor', '0', '1', '10', '9', '-1', '01', 'length', ''),
  );
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.string({ unit: 'binary' }),
      fc.array(tie('value')),
      fc.dictionary(key, fc.oneof(tie('value'), fc.constant(undefined))),
    ),
  })).value;

  it('writes exactly what the library writes, for any JSON value (integer-like keys, lone surrogates, -0, undefined)', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(oracle(value));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('toJsonData', () => {
  it('returns a deep copy with sorted keys and undefined properties dropped', () => {
    const input = { b: { d: [1, { f: 1, e: 2 }] }, a: undefined, c: 'x' };

    const copy = toJsonData(input, 'args') as { b: { d: unknown[] } };

    expect(copy).toStrictEqual({ b: { d: [1, { e: 2, f: 1 }] }, c: 'x' });
    expect(Object.keys(copy)).toStrictEqual(['b', 'c']);
    expect(copy.b).not.toBe(input.b);
    input.b.d.push(3);
    expect(copy.b.d).toHaveLength(2);
  });

  it('refuses what canonicalJson refuses, with the same message', () => {
    expect(() => toJsonData({ at: new Date(0) }, 'args')).toThrow('`args.at` is a Date');
  });
});

describe('canonicalJson: the envelope around the data', () => {
  function nested(depth: number): unknown {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  }

  it('does not count an envelope toward MAX_JSON_DEPTH: arguments by name, a record holding them', () => {
    expect(() => canonicalJson(nested(1_001), 'args')).toThrow('nested more than 1000 deep');
    expect(canonicalJson(nested(1_001), 'args', 1)).toHaveLength(1_001 * 6 + 1);
    expect(() => canonicalJson(nested(1_002), 'args', 1)).toThrow('nested more than 1000 deep');
    expect(() => canonicalJson({ args: nested(1_001) }, 'record', 2)).not.toThrow();
    expect(() => toJsonData(nested(1_002), 'args', 1)).toThrow('nested more than 1000 deep');
  });
});
