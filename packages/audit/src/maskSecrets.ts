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
const MAX_DEPTH = 100;

/** Each pattern, compiled once as global (the caller's own `lastIndex` is left alone); see `compile`. */
const compiled = new WeakMap<RegExp, RegExp>();

/** Key names seen, normalized: the same few names come by on every call. Bounded, emptied when full. */
const normalized = new Map<string, string>();

const DEFAULT_KEYS: ReadonlySet<string> = new Set(DEFAULT_SENSITIVE_KEYS.map(normalizeKey));
const DEFAULT_PATTERNS: ReadonlySet<RegExp> = new Set(DEFAULT_SECRET_PATTERNS);

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
    result = replaceMatches(result, compile(pattern));
  }
  return result;
}

/**
 * A deep copy of `value` without secrets, for the audit trail: values under sensitive keys become
 * `'[REDACTED]'` (`null` and `undefined` stay as they are), and secret shapes in every string are masked.
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
  const given: unknown = options.values;
  const values = (Array.isArray(given) ? (given as unknown[]) : [])
    .filter((item): item is string => typeof item === 'string' && item.length >= MIN_SECRET_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length); // a secret that contains another is masked whole
  return new Masker(keys, patterns, values).copy(value, 0);
}

/**
 * The secrets `value` holds by name: every string (and finite number, as text) under a sensitive key, at any
 * depth, of {@link MIN_SECRET_VALUE_LENGTH} characters or more. Pass them as {@link MaskSecretsOptions.values}
 * to mask them where they are repeated under other names or inside text. Never throws.
 *
 * @example
 * findSensitiveValues({ user: 'ann', password: 'hunter2!' }) // ['hunter2!']
 */
export function findSensitiveValues(value: unknown, options: Pick<MaskSecretsOptions, 'sensitiveKeys'> = {}): string[] {
  const keys = sensitiveKeySet(options.sensitiveKeys);
  const found = new Set<string>();
  // Visited objects, by whether they were met under a sensitive key: met again under one, an object is read again.
  const seen = { plain: new Set<object>(), sensitive: new Set<object>() };
  const visit = (item: unknown, sensitive: boolean, depth: number): void => {
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)) || typeof item === 'bigint') {
      const text = String(item);
      if (sensitive && text.length >= MIN_SECRET_VALUE_LENGTH) found.add(text);
      return;
    }
    const visited = sensitive ? seen.sensitive : seen.plain;
    if (typeof item !== 'object' || item === null || visited.has(item) || depth >= MAX_DEPTH) return;
    visited.add(item);
    for (const key of Object.keys(item)) {
      visit(readProperty(item, key), sensitive || keys.has(normalizeKey(key)), depth + 1);
    }
  };
  try {
    visit(value, false, 0);
  } catch {
    // a proxy that throws on `ownKeys`: what was found so far
  }
  return [...found];
}

function sensitiveKeySet(sensitiveKeys: readonly string[] | undefined): ReadonlySet<string> {
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
    let result = text;
    for (const secret of this.values) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    return maskString(result, this.patterns);
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
    for (const key of Object.keys(value)) {
      const item = readProperty(value, key);
      const masked =
        this.keys.has(normalizeKey(key)) && item !== null && item !== undefined ? REDACTED : this.copy(item, depth + 1);
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: masked, enumerable: true, writable: true, configurable: true });
      } else copy[key] = masked;
    }
    return copy;
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

function readProperty(value: object, key: string): unknown {
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

function normalizeKey(key: string): string {
  let result = normalized.get(key);
  if (result === undefined) {
    result = key.toLowerCase().replace(/[-_]/g, '');
    if (normalized.size >= 10_000) normalized.clear();
    normalized.set(key, result);
  }
  return result;
}

/**
 * `pattern` compiled once as global. A default pattern's `secret` group always ends its match, so it needs no
 * match indices (which cost an allocation per match, most of the time masking takes on a string full of
 * secrets); a caller's pattern gets them (`d`), since its group may sit anywhere.
 */
function compile(pattern: RegExp): RegExp {
  let global = compiled.get(pattern);
  if (global === undefined) {
    const flags = pattern.flags.replace(/[gyd]/g, '');
    global = new RegExp(pattern.source, `${flags}g${DEFAULT_PATTERNS.has(pattern) ? '' : 'd'}`);
    compiled.set(pattern, global);
  }
  return global;
}

/** `text` with every match of `pattern` (global) replaced, or only its `secret` group. */
function replaceMatches(text: string, pattern: RegExp): string {
  pattern.lastIndex = 0;
  let result = '';
  let copied = 0;
  let replaced = false;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    const span = secretSpan(match);
    if (span === undefined) continue;
    result += text.slice(copied, span[0]) + REDACTED;
    copied = span[1];
    replaced = true;
  }
  return replaced ? result + text.slice(copied) : text;
}

/** Where the `secret` group of `match` is, else the whole match; a match without indices ends with its group. */
function secretSpan(match: RegExpExecArray): readonly [number, number] | undefined {
  const end = match.index + match[0].length;
  if (match.indices !== undefined) return match.indices.groups?.['secret'] ?? match.indices[0];
  const secret = match.groups?.['secret'];
  return [secret === undefined ? match.index : end - secret.length, end];
}
