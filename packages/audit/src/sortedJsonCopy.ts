/** What {@link sortedJsonCopy} returns for a value it leaves to the general serializer. */
export const NOT_PLAIN: unique symbol = Symbol('not plain');

/** Deeper than this, the general serializer takes the value (as it did every value before this copy existed). */
const MAX_COPY_DEPTH = 1_000;

/** Keys that V8 enumerates first, in numeric order, whatever order they were added in (array indices). */
const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/**
 * A copy of `value` that `JSON.stringify` writes exactly as the canonical serializer (`safe-stable-stringify`,
 * deterministic, bigints left out) writes `value`: every object's keys added in sorted order, `toJSON` called once
 * as both do, functions and symbols as `undefined`. `JSON.stringify` then writes one flat string natively, where
 * the general serializer built a rope of small pieces that every later reader (the hash, the batch text, the
 * driver) had to flatten: together about half of an audited action's cost in a busy sink.
 *
 * Only plain data is copied: objects whose prototype is `Object.prototype` or `null`, and arrays. Anything else (a
 * class instance, a `Map`, a typed array, a boxed primitive, a bigint, a cycle, a key that is an array index, which
 * V8 would enumerate first, or nesting past {@link MAX_COPY_DEPTH}) returns {@link NOT_PLAIN}, and the caller uses
 * the general serializer for the whole value. Each property is read once, so a getter cannot answer the copy and
 * the writer differently.
 *
 * @internal
 */
export function sortedJsonCopy(value: unknown): unknown {
  const ancestors: object[] = [];
  return copy(value, '', 0, ancestors);
}

/** `key`: the property name, or an array index (made a string only for a `toJSON`, as both serializers pass it). */
function copy(value: unknown, key: string | number, depth: number, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return NOT_PLAIN;
  }
  if (value === null) return null;
  let data = value as object;
  const toJSON = (data as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // Called once, as both serializers do; a result that is not an object is written as it is.
    const result: unknown = toJSON.call(data, String(key));
    if (typeof result !== 'object' || result === null) return copy(result, key, depth, ancestors);
    data = result;
  }
  if (depth >= MAX_COPY_DEPTH || ancestors.includes(data)) return NOT_PLAIN;
  if (Array.isArray(data)) {
    if (Object.getPrototypeOf(data) !== Array.prototype) return NOT_PLAIN;
    ancestors.push(data);
    const items = new Array<unknown>(data.length);
    for (let i = 0; i < data.length; i++) {
      const item = copy((data as unknown[])[i], i, depth + 1, ancestors);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      items[i] = item;
    }
    ancestors.pop();
    return items;
  }
  const prototype: unknown = Object.getPrototypeOf(data);
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const keys = Object.keys(data);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i] as string;
    const first = name.charCodeAt(0);
    if (first >= 48 && first <= 57 && INDEX_LIKE.test(name)) return NOT_PLAIN;
    if (i > 0 && (keys[i - 1] as string) > name) sorted = false;
  }
  if (!sorted) keys.sort();
  ancestors.push(data);
  const result: Record<string, unknown> = {};
  for (const name of keys) {
    const item = copy((data as Record<string, unknown>)[name], name, depth + 1, ancestors);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (name === '__proto__') {
      Object.defineProperty(result, name, { value: item, enumerable: true, writable: true, configurable: true });
    } else {
      result[name] = item;
    }
  }
  ancestors.pop();
  return result;
}
