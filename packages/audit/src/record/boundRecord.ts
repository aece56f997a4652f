import { BraneError, MAX_CUT_MARKER_LENGTH, boundText } from '@brane/errors';
import { MAX_DEPTH, readProperty } from '../maskSecrets.js';

/**
 * The fewest bytes of JSON a value is cut to: a string holding the cut marker alone (` … [cut N characters]`, at
 * most `MAX_CUT_MARKER_LENGTH` characters, one of them the 3-byte `…`), quoted, always fits.
 */
const MIN_BYTES = MAX_CUT_MARKER_LENGTH + 4;

/** What `maskSecrets` writes for a cycle and for nesting past `MAX_DEPTH`: the same markers here. */
const CIRCULAR = '[Circular]';
const TRUNCATED = '[Truncated]';

/**
 * `record` as JSON data whose JSON takes at most `maxBytes` bytes of UTF-8, cut where it is largest. Values that fit
 * are kept whole; the values that do not are cut, the largest first, each to the same share of what is left: a
 * string keeps its start and ends with the marker of `boundText` (` … [cut N characters]`), and an object or
 * array with too many entries to keep one of each is written as the start of its JSON, a string cut the same way.
 * Field names are kept whole. The copy follows `JSON.stringify` (a `toJSON`, `undefined` and functions left out);
 * a cycle becomes `'[Circular]'` and nesting past `MAX_DEPTH` `'[Truncated]'`, as `maskSecrets` writes them.
 *
 * Throws `INVALID_ARGUMENT` for a record whose field names alone do not fit: only an event no runtime writes (its
 * arguments are one field, `args`) has them.
 *
 * @internal
 */
export function boundRecord(record: object, maxBytes: number): Record<string, unknown> {
  const bounder = new Bounder();
  const data = bounder.plain(record, 0, new Set());
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new BraneError('INVALID_ARGUMENT', 'An audit event must be an object');
  }
  const bounded = bounder.fit(data, maxBytes);
  if (typeof bounded !== 'object') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `An audit event's field names alone take more than the ${maxBytes} bytes a record may take`,
    );
  }
  return bounded as Record<string, unknown>;
}

/** The bytes of the UTF-8 JSON of each value, computed once per object. */
class Bounder {
  readonly #sizes = new Map<object, number>();

  /** `value` as `JSON.parse(JSON.stringify(value))` would give it, without a cycle and at most `MAX_DEPTH` deep. */
  plain(value: unknown, depth: number, ancestors: Set<object>): unknown {
    let item = value;
    const toJSON = (item as { toJSON?: unknown } | null)?.toJSON;
    if (typeof item === 'object' && item !== null && typeof toJSON === 'function') {
      try {
        item = toJSON.call(item);
      } catch {
        return '[Unreadable]';
      }
    }
    switch (typeof item) {
      case 'string':
      case 'boolean':
        return item;
      case 'number':
        return Number.isFinite(item) ? item : null;
      case 'bigint':
        return item.toString();
      case 'object':
        break;
      default:
        return undefined;
    }
    if (item === null) return null;
    if (ancestors.has(item)) return CIRCULAR;
    if (depth >= MAX_DEPTH) return TRUNCATED;
    ancestors.add(item);
    try {
      if (Array.isArray(item)) {
        return Array.from(item as unknown[], (entry) => this.plain(entry, depth + 1, ancestors) ?? null);
      }
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(item)) {
        const entry = this.plain(readProperty(item, key), depth + 1, ancestors);
        // As data, even `__proto__`: never the prototype.
        if (entry !== undefined) Object.defineProperty(copy, key, { value: entry, enumerable: true, writable: true });
      }
      return copy;
    } finally {
      ancestors.delete(item);
    }
  }

  /** The bytes of the JSON of plain `value`. */
  size(value: unknown): number {
    if (typeof value !== 'object' || value === null) return jsonBytes(value);
    let size = this.#sizes.get(value);
    if (size !== undefined) return size;
    size = 2;
    const entries = Object.entries(value);
    for (const [index, [key, entry]] of entries.entries()) {
      size += (index === 0 ? 0 : 1) + (Array.isArray(value) ? 0 : jsonBytes(key) + 1) + this.size(entry);
    }
    this.#sizes.set(value, size);
    return size;
  }

  /** Plain `value` (whose JSON takes `size` bytes), cut to take at most `budget` bytes (at least {@link MIN_BYTES}). */
  fit(value: unknown, budget: number, size = this.size(value)): unknown {
    if (size <= budget) return value;
    if (typeof value === 'string') return cutString(value, budget);
    if (typeof value !== 'object' || value === null) return value; // a number or a boolean is never that long
    const entries = Object.entries(value);
    const isArray = Array.isArray(value);
    let overhead = 2 + Math.max(0, entries.length - 1);
    if (!isArray) for (const [key] of entries) overhead += jsonBytes(key) + 1;
    if (overhead + entries.length * MIN_BYTES > budget) return cutJson(value, budget);
    // Water-filling, smallest first: an entry that fits its share keeps all of it, and what it leaves is shared
    // among the larger ones; so each share is at least MIN_BYTES, and the largest entries are cut to one size.
    const sizes = entries.map(([, entry]) => this.size(entry));
    const shares = new Array<number>(entries.length);
    const order = entries.map((_, index) => index).sort((a, b) => (sizes[a] ?? 0) - (sizes[b] ?? 0));
    let left = budget - overhead;
    for (const [done, index] of order.entries()) {
      const share = Math.min(sizes[index] ?? 0, Math.floor(left / (entries.length - done)));
      shares[index] = share;
      left -= share;
    }
    const fitted = entries.map(([key, entry], index) => {
      return [key, this.fit(entry, shares[index] ?? MIN_BYTES, sizes[index])] as const;
    });
    if (isArray) return fitted.map(([, entry]) => entry);
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of fitted) {
      Object.defineProperty(copy, key, { value: entry, enumerable: true, writable: true });
    }
    return copy;
  }
}

/** `text` cut by `boundText` so that its JSON takes at most `budget` bytes. */
function cutString(text: string, budget: number): string {
  let keep = Math.min(text.length, budget);
  for (;;) {
    const cut = boundText(text, keep);
    const bytes = jsonBytes(cut);
    if (bytes <= budget || keep === 0) return cut;
    // Keep fewer characters, in proportion to how far over the budget this cut is (escapes and UTF-8 take more).
    keep = Math.min(keep - 1, Math.floor((keep * Math.max(0, budget - MIN_BYTES)) / bytes));
  }
}

/** The JSON of plain `value` as a string, cut to take at most `budget` bytes (a JSON too long for a string: cut whole). */
function cutJson(value: object, budget: number): string {
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return TRUNCATED;
  }
  return cutString(json, budget);
}

/** A character `JSON.stringify` escapes (a quote, a backslash, a control character) or a surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The bytes of the UTF-8 JSON of `value`; of a string without a character to escape, without writing its JSON. */
function jsonBytes(value: unknown): number {
  if (typeof value === 'string' && !ESCAPED.test(value)) return Buffer.byteLength(value) + 2;
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}
