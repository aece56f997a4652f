import { BraneError, describeValue } from '@brane/errors';

/**
 * A deep copy of plain data: primitives, plain objects and arrays, `Date`, `Map`, `Set`, typed arrays and
 * `ArrayBuffer`. Objects keep the prototypes of the current realm (unlike `structuredClone`, whose copies
 * come from Node's own realm), cycles and shared references are preserved, and an own `__proto__` key is
 * copied as data. Anything else (a function, a symbol, a class instance) is refused with an error that
 * names where it was found, because it cannot be copied safely.
 *
 * @param label names the value in errors: `decision.mutations.input.patch`
 */
export function copyData<T>(value: T, label: string): T {
  return copy(value, label, new Map()) as T;
}

/**
 * Whether `value` is a plain object: its prototype is `null` or an `Object.prototype`, of this realm or
 * another (an object from `JSON.parse` in a `vm` context, or from `structuredClone` under jest, is plain).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return true;
  return Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]';
}

/** Whether `value` is a plain array: an `Array.prototype` array of this realm or another, not a subclass. */
export function isPlainArray(value: unknown): value is unknown[] {
  if (!Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Every realm's Array.prototype is itself an array; a subclass's prototype is not.
  return proto === Array.prototype || Array.isArray(proto);
}

function copy(value: unknown, path: string, seen: Map<object, unknown>): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') throw uncopyable(path, value);
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (isPlainArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out.push(copy(value[i], `${path}[${i}]`, seen));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> =
      Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
    seen.set(value, out);
    for (const key of Object.keys(value)) {
      const item = copy(value[key], `${path}.${key}`, seen);
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return remember(seen, value, new Date((value as Date).getTime()));
  if (proto === Map.prototype) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [key, item] of value as Map<unknown, unknown>) out.set(copy(key, path, seen), copy(item, path, seen));
    return out;
  }
  if (proto === Set.prototype) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const item of value as Set<unknown>) out.add(copy(item, path, seen));
    return out;
  }
  if (value instanceof ArrayBuffer) return remember(seen, value, value.slice(0));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return remember(seen, value, (value as unknown as { slice(): unknown }).slice());
  }
  throw uncopyable(path, value);
}

/** Records `copy` as the copy of `value`, so that a value referenced twice is copied once. */
function remember(seen: Map<object, unknown>, value: object, copy: unknown): unknown {
  seen.set(value, copy);
  return copy;
}

function uncopyable(path: string, value: unknown): BraneError {
  return new BraneError(
    'INVALID_ARGUMENT',
    `\`${path}\` is ${describeValue(value)}, which cannot be copied: use plain data (objects, arrays, strings, numbers, dates)`,
    { details: { path } },
  );
}
