import { replaceMatches } from './replaceMatches.js';
import { DEFAULT_PATTERNS_HINT, DEFAULT_SECRET_PATTERNS, DEFAULT_SENSITIVE_KEYS, REDACTED } from './secretPatterns.js';

/** How {@link maskSecrets} finds secrets. */
export interface MaskSecretsOptions {
  /**
   * More key names whose values are masked whatever they hold, at any depth; added to
   * {@link DEFAULT_SENSITIVE_KEYS}. Matched ignoring case, `_` and `-`.
   */
  readonly sensitiveKeys?: readonly string[];
  /** The secret shapes masked in strings; replaces {@link DEFAULT_SECRET_PATTERNS} (spread it to extend). */
  readonly patterns?: readonly RegExp[];
  /**
   * Secret values known by name elsewhere (see {@link findSensitiveValues}): masked wherever a string repeats
   * them, such as a reason or an error message that quotes a password argument. Values shorter than
   * {@link MIN_SECRET_VALUE_LENGTH} characters are ignored.
   */
  readonly values?: readonly string[];
}

/**
 * Values shorter than this are not masked by value (only by name): short strings are parts of ordinary
 * words, numbers and ids too often to be erased from every string.
 */
export const MIN_SECRET_VALUE_LENGTH = 6;

/** Nesting deeper than this is cut off as `'[Truncated]'`, so a pathological value cannot overflow the stack. */
export const MAX_DEPTH = 100;

/** What masking needs of a key: its name normalized (see {@link DEFAULT_SENSITIVE_KEYS}), and the key masked. */
export interface KeyFacts {
  readonly normalized: string;
  /** The key with the default secret patterns masked. */
  readonly masked: string;
}

/** Keys seen: the same few come by on every call. Bounded, emptied when full; long keys are never kept. */
const keyFactsCache = new Map<string, KeyFacts>();
const MAX_CACHED_KEY_LENGTH = 256;

const DEFAULT_PATTERNS: ReadonlySet<RegExp> = new Set(DEFAULT_SECRET_PATTERNS);
const DEFAULT_KEYS: ReadonlySet<string> = new Set(DEFAULT_SENSITIVE_KEYS.map(normalizeKey));

/**
 * Replaces every secret shape in `text` with `[REDACTED]` (only the named group `secret` when a pattern has
 * one). Never throws.
 *
 * @example
 * maskString('curl -H "Authorization: Bearer eyJhbGciOi..."') // 'curl -H "Authorization: Bearer [REDACTED]"'
 */
export function maskString(text: string, patterns: readonly RegExp[] = DEFAULT_SECRET_PATTERNS): string {
  const skipDefaults = !DEFAULT_PATTERNS_HINT.test(text);
  if (skipDefaults && patterns === DEFAULT_SECRET_PATTERNS) return text;
  let result = text;
  for (const pattern of patterns) {
    if (!(pattern instanceof RegExp) || (skipDefaults && DEFAULT_PATTERNS.has(pattern))) continue;
    result = replaceMatches(result, pattern);
  }
  return result;
}

/**
 * A deep copy of `value` without secrets, for the audit trail: values under sensitive keys become
 * `'[REDACTED]'` (`null` and `undefined` stay as they are), and secret shapes and known values are masked in
 * every string, object keys included (a key that would then repeat another gets a suffix: `[REDACTED] #2`).
 * Never throws and never mutates `value`:
 *
 * - plain objects and arrays are copied; other objects are copied through their `toJSON()` when they have one
 *   (a `Date` becomes its ISO string, a `URL` its masked href), else as their own enumerable properties;
 * - an `Error` becomes `{ name, message }` (and `code` when it is a string), masked;
 * - objects with nothing to copy (`Map`, `Set`, `Promise`, buffers) and functions become their class name,
 *   like `'[Map]'`; a cycle becomes `'[Circular]'`, a property that throws when read `'[Unreadable]'`.
 *
 * @example
 * maskSecrets({ user: 'ann', password: 'hunter2', url: 'postgres://app:s3cr3t@db/main' })
 * // { user: 'ann', password: '[REDACTED]', url: 'postgres://app:[REDACTED]@db/main' }
 */
export function maskSecrets(value: unknown, options: MaskSecretsOptions = {}): unknown {
  const keys = sensitiveKeySet(options.sensitiveKeys);
  const patterns = Array.isArray(options.patterns) ? options.patterns : DEFAULT_SECRET_PATTERNS;
  return new Masker(keys, patterns, secretValues(options.values)).copy(value, 0);
}

/**
 * @internal `text` without the known secret `values` (longest first, as {@link secretValues} orders them), then
 * without the secret shapes of `patterns`.
 */
export function maskText(text: string, patterns: readonly RegExp[], values: readonly string[]): string {
  let result = text;
  for (const secret of values) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return maskString(result, patterns);
}

/** @internal The known secret values {@link maskSecrets} masks: strings long enough, longest first. */
export function secretValues(given: unknown): string[] {
  return (Array.isArray(given) ? (given as unknown[]) : [])
    .filter((item): item is string => typeof item === 'string' && item.length >= MIN_SECRET_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length); // a secret that contains another is masked whole
}

/** Not public API (`@brane/audit/internal`). The normalized names of the sensitive keys: the defaults and `sensitiveKeys`. */
export function sensitiveKeySet(sensitiveKeys: readonly string[] | undefined): ReadonlySet<string> {
  const extra = Array.isArray(sensitiveKeys) ? sensitiveKeys.filter((key) => typeof key === 'string') : [];
  return extra.length === 0 ? DEFAULT_KEYS : new Set([...DEFAULT_KEYS, ...extra.map(normalizeKey)]);
}

class Masker {
  /** The objects being copied, from the root down: meeting one again is a cycle. */
  readonly #ancestors = new Set<object>();

  constructor(
    readonly keys: ReadonlySet<string>,
    readonly patterns: readonly RegExp[],
    readonly values: readonly string[],
  ) {}

  /** `text` without the known secret values, then without secret shapes. */
  text(text: string): string {
    return maskText(text, this.patterns, this.values);
  }

  copy(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        return this.text(value);
      case 'function': {
        const name = readProperty(value, 'name');
        return typeof name === 'string' && name !== '' ? `[Function ${name}]` : '[Function]';
      }
      case 'symbol':
        return value.toString();
      case 'object':
        return value === null ? null : this.#copyObject(value, depth);
      default:
        return value;
    }
  }

  #copyObject(value: object, depth: number): unknown {
    if (this.#ancestors.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    this.#ancestors.add(value);
    try {
      return this.#copyUnseen(value, depth);
    } catch {
      return `[Unreadable ${className(value)}]`;
    } finally {
      this.#ancestors.delete(value);
    }
  }

  #copyUnseen(value: object, depth: number): unknown {
    if (Array.isArray(value)) return Array.from(value as unknown[], (item) => this.copy(item, depth + 1));
    if (value instanceof Error) return this.#copyError(value);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${className(value)}]`;
    if (!isPlain(value)) {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return this.copy(toJSON.call(value), depth + 1);
      if (Object.keys(value).length === 0) return `[${className(value)}]`;
    }
    const copy: Record<string, unknown> = {};
    let renamed: [name: string, item: unknown][] | undefined;
    for (const key of Object.keys(value)) {
      const facts = keyFacts(key);
      const item = readProperty(value, key);
      const masked =
        this.keys.has(facts.normalized) && item !== null && item !== undefined ? REDACTED : this.copy(item, depth + 1);
      const name = this.#keyName(key, facts);
      if (name === key) define(copy, key, masked);
      else (renamed ??= []).push([name, masked]);
    }
    // A key with a secret, masked, comes after the others, with a suffix if its new name is taken (`[REDACTED] #2`):
    // no value is lost or overwritten.
    for (const [name, masked] of renamed ?? []) {
      let unique = name;
      for (let n = 2; Object.hasOwn(copy, unique); n++) unique = `${name} #${n}`;
      define(copy, unique, masked);
    }
    return copy;
  }

  /** `key` without secrets, as any string: known values, then the shapes (for the defaults, cached per key). */
  #keyName(key: string, facts: KeyFacts): string {
    if (this.patterns === DEFAULT_SECRET_PATTERNS && !this.values.some((secret) => key.includes(secret))) {
      return facts.masked;
    }
    return this.text(key);
  }

  #copyError(error: Error): Record<string, unknown> {
    const code = readProperty(error, 'code');
    return {
      name: this.text(String(readProperty(error, 'name'))),
      message: this.text(String(readProperty(error, 'message'))),
      ...(typeof code === 'string' ? { code: this.text(code) } : {}),
    };
  }
}

/** @internal `value[key]`, or `'[Unreadable]'` when reading it throws. */
export function readProperty(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return '[Unreadable]';
  }
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function className(value: object): string {
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Object';
}

/** @internal What masking needs of `key`: its normalized name, and the key with the default shapes masked. */
export function keyFacts(key: string): KeyFacts {
  let facts = keyFactsCache.get(key);
  if (facts === undefined) {
    facts = { normalized: key.toLowerCase().replace(/[-_]/g, ''), masked: maskString(key) };
    if (key.length <= MAX_CACHED_KEY_LENGTH) {
      if (keyFactsCache.size >= 10_000) keyFactsCache.clear();
      keyFactsCache.set(key, facts);
    }
  }
  return facts;
}

/** @internal `key` as sensitive names are matched: see {@link DEFAULT_SENSITIVE_KEYS}. */
export function normalizeKey(key: string): string {
  return keyFacts(key).normalized;
}

/** Sets `copy[key]`, as data even for `__proto__` (never the prototype). */
function define(copy: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  } else copy[key] = item;
}
