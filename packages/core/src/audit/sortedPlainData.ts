import { NotPlainData } from '@brane/audit/internal';

/** Nesting past this is left to the record built and serialized (as `MaskedJson` leaves it to `maskSecrets`). */
const MAX_DEPTH = 50;
const NOT_PLAIN = new NotPlainData('not plain data');

/**
 * `value` with the keys of every object in sorted order, so that `JSON.stringify` (or `MaskedJson`) writes the
 * canonical JSON `canonicalEventJson` writes: the same value when it is sorted already, a copy of what is not.
 * Only plain data: anything else (a class instance, a function, a bigint, a symbol, a `__proto__` key, nesting
 * past {@link MAX_DEPTH}, integer-like keys that enumerate in another order) throws `NotPlainData`.
 */
export function sortedPlainData(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      if (value === null) return value;
      if (depth >= MAX_DEPTH) throw NOT_PLAIN;
      return Array.isArray(value) ? sortedArray(value, depth) : sortedObject(value, depth);
    default:
      throw NOT_PLAIN;
  }
}

function sortedArray(value: readonly unknown[], depth: number): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const sorted = sortedPlainData(item, depth + 1);
    if (sorted !== item) copy ??= value.slice(0, i);
    copy?.push(sorted);
  }
  return copy ?? value;
}

function sortedObject(value: object, depth: number): object {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) throw NOT_PLAIN;
  const keys = Object.keys(value);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === '__proto__') throw NOT_PLAIN;
    if (i > 0 && (keys[i - 1] as string) > key) inOrder = false;
  }
  const items = keys.map((key) => (value as Record<string, unknown>)[key]);
  const sorted = items.map((item) => sortedPlainData(item, depth + 1));
  if (inOrder && sorted.every((item, i) => item === items[i])) return value;
  const order = keys.map((_, i) => i);
  if (!inOrder) order.sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
  const copy: Record<string, unknown> = {};
  for (const i of order) copy[keys[i] as string] = sorted[i];
  // Integer-like keys enumerate first, by number, whatever the order they were set in: such an object cannot be
  // written in sorted order by a writer that follows enumeration order.
  if (!inOrder && Object.keys(copy).some((key, i) => key !== keys[order[i] as number])) throw NOT_PLAIN;
  return copy;
}
