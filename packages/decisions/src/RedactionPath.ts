import { BraneError, describeValue } from '@brane/errors';

/**
 * One step of a parsed redaction path: a `key` of an object (or a canonical index of an array), or `each`:
 * every element of an array or every own key of an object.
 */
export type PathSegment = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'each' };

/** Keys a path may not name: writing through them could reach `Object.prototype` (prototype pollution). */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const EACH: PathSegment = Object.freeze({ kind: 'each' });
const CACHE_LIMIT = 1000;
const cache = new Map<string, readonly PathSegment[]>();

/**
 * Parses a redaction path into its segments. Keys are separated by dots; `[]` after a key (or after another
 * `[]`), or `*` as a whole segment, means every element of an array or every own key of an object:
 * `customer.email`, `customers[].email`, `rows[].contact.*`, `*.token`, `items[][].secret`.
 *
 * Keys are non-empty and contain no `.`, `[`, `]` or `*`; `__proto__`, `constructor` and `prototype` are
 * refused. Parsed paths are frozen and cached, since the same paths recur on every call.
 *
 * @throws BraneError `INVALID_ARGUMENT` naming the path and the position (0-based) of the first fault.
 * @example
 * parseRedactionPath('customers[].email')
 * // [{ kind: 'key', key: 'customers' }, { kind: 'each' }, { kind: 'key', key: 'email' }]
 */
export function parseRedactionPath(path: string): readonly PathSegment[] {
  if (typeof path !== 'string') {
    throw new BraneError('INVALID_ARGUMENT', `a redaction path must be a string (got ${describeValue(path)})`, {
      details: { path },
    });
  }
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const segments = Object.freeze(parse(path));
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(path, segments);
  return segments;
}

function parse(path: string): PathSegment[] {
  if (path === '') fail(path, 0, 'the path is empty (the whole output cannot be redacted by path)');
  const segments: PathSegment[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    while (i < path.length && !isSpecial(path[i])) i++;
    const key = path.slice(start, i);
    if (key === '') {
      if (path[i] === '[') fail(path, i, '`[]` must follow a key or `*` (use `*` for the elements of the output)');
      if (path[i] === ']') fail(path, i, 'unbalanced `]`');
      if (start === 0) fail(path, i, 'the path starts with `.`');
      if (i === path.length) fail(path, i - 1, 'the path ends with `.`');
      fail(path, i, 'empty key (`..`)');
    }
    segments.push(keySegment(path, key, start));
    while (path[i] === '[') {
      if (path[i + 1] !== ']') {
        fail(path, i, i + 1 === path.length ? 'unclosed `[`' : 'only `[]` is allowed after a key (no index inside)');
      }
      segments.push(EACH);
      i += 2;
    }
    if (i === path.length) return segments;
    if (path[i] === ']') fail(path, i, 'unbalanced `]`');
    i++;
  }
}

function keySegment(path: string, key: string, start: number): PathSegment {
  if (key === '*') return EACH;
  const star = key.indexOf('*');
  if (star !== -1) fail(path, start + star, '`*` must be a whole segment (keys are not patterns)');
  if (FORBIDDEN_KEYS.has(key)) fail(path, start, `the key \`${key}\` is not allowed (prototype pollution)`);
  return Object.freeze({ kind: 'key', key });
}

function isSpecial(char: string | undefined): boolean {
  return char === '.' || char === '[' || char === ']';
}

function fail(path: string, position: number, problem: string): never {
  throw new BraneError('INVALID_ARGUMENT', `invalid redaction path \`${path}\` at position ${position}: ${problem}`, {
    details: { path, position },
  });
}
