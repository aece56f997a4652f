import { BraneError } from '@brane/errors';
import { parseRedactionPath, type PathSegment } from '../src/RedactionPath.js';

const key = (name: string): PathSegment => ({ kind: 'key', key: name });
const each: PathSegment = { kind: 'each' };

function parseError(path: unknown): BraneError {
  try {
    parseRedactionPath(path as string);
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    return error as BraneError;
  }
  throw new Error(`expected ${String(path)} to be rejected`);
}

describe('parseRedactionPath', () => {
  it.each<[string, PathSegment[]]>([
    ['email', [key('email')]],
    ['customer.email', [key('customer'), key('email')]],
    ['customers[].email', [key('customers'), each, key('email')]],
    ['rows[].contact.*', [key('rows'), each, key('contact'), each]],
    ['*.token', [each, key('token')]],
    ['*', [each]],
    ['items[][].secret', [key('items'), each, each, key('secret')]],
    ['items[]', [key('items'), each]],
    ['a.*[].b', [key('a'), each, each, key('b')]],
    ['items.0.secret', [key('items'), key('0'), key('secret')]],
    ['first name.$ref-x', [key('first name'), key('$ref-x')]],
  ])('parses %p', (path, expected) => {
    expect(parseRedactionPath(path)).toStrictEqual(expected);
  });

  it.each<[string, number, RegExp]>([
    ['', 0, /empty/],
    ['.a', 0, /starts with `\.`/],
    ['a.', 1, /ends with `\.`/],
    ['a..b', 2, /empty key/],
    ['a[', 1, /unclosed `\[`/],
    ['a]', 1, /unbalanced `\]`/],
    ['a[]]', 3, /unbalanced `\]`/],
    ['a[0]', 1, /only `\[\]`/],
    ['a[x].b', 1, /only `\[\]`/],
    ['[].a', 0, /must follow a key/],
    ['a.[]', 2, /must follow a key/],
    ['a.b*', 3, /`\*` must be a whole segment/],
    ['**', 0, /`\*` must be a whole segment/],
    ['__proto__.polluted', 0, /`__proto__` is not allowed/],
    ['a.constructor.prototype', 2, /`constructor` is not allowed/],
    ['a[].prototype', 4, /`prototype` is not allowed/],
  ])('rejects %p, naming position %p', (path, position, problem) => {
    const error = parseError(path);

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(`\`${path}\` at position ${position}:`);
    expect(error.message).toMatch(problem);
    expect(error.details).toStrictEqual({ path, position });
  });

  it.each<[unknown]>([[undefined], [42], [['a']], [null]])('rejects the non-string %p', (path) => {
    const error = parseError(path);

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/must be a string/);
  });

  it('returns the same frozen segments for a path it has parsed before', () => {
    const first = parseRedactionPath('orders[].card.number');

    expect(parseRedactionPath('orders[].card.number')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.every((segment) => Object.isFrozen(segment))).toBe(true);
  });

  it('keeps the cache bounded: an old path is parsed afresh after many others', () => {
    const first = parseRedactionPath('evicted.path');
    for (let i = 0; i < 1000; i++) parseRedactionPath(`filler${i}.x`);

    const again = parseRedactionPath('evicted.path');

    expect(again).not.toBe(first);
    expect(again).toStrictEqual(first);
    expect(parseRedactionPath('evicted.path')).toBe(again);
  });

  it('does not cache a rejected path', () => {
    expect(() => parseRedactionPath('bad..path')).toThrow(BraneError);
    expect(() => parseRedactionPath('bad..path')).toThrow(BraneError);
  });
});
