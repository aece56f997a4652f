import { defineCapability } from '@brane/core';
import { snapshotArgs } from '../src/snapshotArgs';

const positional = defineCapability({ name: 'op', params: ['a', 'b'] }, undefined, 'here');
const objectArg = defineCapability({ name: 'search' }, undefined, 'here');

describe('snapshotArgs', () => {
  it('returns primitives as they are, without copying the array', () => {
    const args = ['x', 1];
    expect(snapshotArgs(positional, args)).toBe(args);
  });

  it('deep-copies plain objects, arrays, dates, maps and sets', () => {
    const date = new Date(0);
    const nested = { list: [1, { deep: true }], date, map: new Map([['k', { v: 1 }]]), set: new Set([[1]]) };
    const [copy] = snapshotArgs(positional, [nested]) as [typeof nested];
    expect(copy).toEqual(nested);
    expect(copy).not.toBe(nested);
    expect(copy.list).not.toBe(nested.list);
    expect(copy.list[1]).not.toBe(nested.list[1]);
    expect(copy.date).not.toBe(date);
    expect(copy.map.get('k')).not.toBe(nested.map.get('k'));
    expect([...copy.set][0]).not.toBe([...nested.set][0]);
  });

  it('keeps cycles and shared references', () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const [copy] = snapshotArgs(positional, [cyclic]) as [Record<string, unknown>];
    expect(copy.self).toBe(copy);
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
  });

  it('copies an own `__proto__` key as data, without changing the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const [copy] = snapshotArgs(positional, [parsed]) as [Record<string, unknown>];
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a null prototype', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    const [copy] = snapshotArgs(positional, [bare]);
    expect(Object.getPrototypeOf(copy)).toBeNull();
  });

  it('passes class instances, functions, subclassed maps and buffers by reference', () => {
    class Thing {}
    class MyMap extends Map {}
    const values = [new Thing(), () => 1, new MyMap(), Buffer.from('x')];
    for (const value of values) {
      expect(snapshotArgs(positional, [value])[0]).toBe(value);
    }
  });

  it('refuses more arguments than the capability names', () => {
    expect(() => snapshotArgs(positional, [1, 2, 3])).toThrow(/`op` takes 2 argument\(s\) \(a, b\), got 3/);
  });

  it('takes one plain object for an object capability, defaulting to an empty one', () => {
    expect(snapshotArgs(objectArg, [])).toEqual([{}]);
    expect(snapshotArgs(objectArg, [{ q: 1 }])).toEqual([{ q: 1 }]);
    expect(() => snapshotArgs(objectArg, ['q'])).toThrow(/`search` takes one plain object argument \(got `"q"`\)/);
    expect(() => snapshotArgs(objectArg, [new Date()])).toThrow(/got an instance of `Date`/);
  });
});
