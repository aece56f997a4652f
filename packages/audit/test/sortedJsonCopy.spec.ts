import fc from 'fast-check';
import { configure } from 'safe-stable-stringify';
import type { AuditEvent } from '../src/AuditEvent.js';
import { canonicalEventJson } from '../src/hashRecord.js';
import { NOT_PLAIN, sortedJsonCopy } from '../src/sortedJsonCopy.js';

/** The general serializer, configured as `canonicalEventJson` configures it: the reference for every value. */
const reference = configure({ deterministic: true, bigint: false, circularValue: '[Circular]' });

class Money {
  constructor(readonly amount: number) {}
}

/** Values the fast path copies, and values it must leave to the general serializer, mixed at any depth. */
const leaf = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('__proto__', 'toJSON', '0', '1', '10', '4294967294', '4294967295', '01', '-1', '1.5', ''),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.date({ noInvalidDate: false }),
  fc.integer().map((n) => new Money(n)),
  fc.integer().map((n) => new Map([[n, n]])),
  fc.constant(new Uint8Array([1, 2])),
  fc.string().map((s) => Object(s) as object),
);
const key = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('__proto__', 'toJSON', '0', '7', '10', '4294967294', '4294967295', '01', '-1', 'a', 'B'),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('array'),
    tie('object'),
    tie('withToJSON'),
    tie('rawToJSON'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [name, item] of entries) {
      Object.defineProperty(object, name, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return object;
  }),
  withToJSON: tie('value').map((result) => ({ ignored: 1, toJSON: (name: string) => ({ name, result }) })),
  // A `toJSON` whose answer is written as it is: any leaf (a bigint, a function, a date, a string…) or any value.
  rawToJSON: tie('value').map((result) => ({ toJSON: () => result })),
}));

describe('sortedJsonCopy', () => {
  it('written by JSON.stringify, gives exactly the general serializer text, or leaves the value to it', () => {
    let copied = 0;
    let left = 0;
    fc.assert(
      fc.property(value, (input) => {
        const copy = sortedJsonCopy(input);
        if (copy === NOT_PLAIN) {
          left += 1;
          return;
        }
        copied += 1;
        expect(JSON.stringify(copy)).toBe(reference(input));
      }),
      { numRuns: 5_000 },
    );
    // Both paths are exercised, so the check above cannot pass by copying nothing.
    expect(copied).toBeGreaterThan(1_000);
    expect(left).toBeGreaterThan(100);
  });

  it('canonicalEventJson gives the general serializer text for any event, copied or not', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value), (fields) => {
        const event = { type: 'action', ...fields } as unknown as AuditEvent;
        expect(canonicalEventJson(event)).toBe(reference(event));
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives up on cycles, index keys, class instances, bigints and deep nesting, and copies shared references', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    let deep: unknown = 1;
    for (let i = 0; i < 1_001; i++) deep = [deep];
    for (const input of [cycle, { 5: 'x' }, new Money(1), { n: 1n }, deep, [new Map()], Object.create({ a: 1 })]) {
      expect(sortedJsonCopy(input)).toBe(NOT_PLAIN);
    }
    const shared = { b: 1, a: 2 };
    expect(JSON.stringify(sortedJsonCopy({ y: shared, x: shared }))).toBe('{"x":{"a":2,"b":1},"y":{"a":2,"b":1}}');
  });

  it('reads each property once, so a getter cannot answer the copy and the writer differently', () => {
    let reads = 0;
    const input = {
      get z() {
        reads += 1;
        return { d: reads, c: reads };
      },
    };
    expect(JSON.stringify(sortedJsonCopy(input))).toBe('{"z":{"c":1,"d":1}}');
    expect(reads).toBe(1);
  });

  it('defines a `__proto__` key as data, never as the copy prototype', () => {
    const input = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as object;
    const copy = sortedJsonCopy(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(JSON.stringify(copy)).toBe(reference(input));
  });
});
