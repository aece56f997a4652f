import { keyFacts, maskText, secretValues, sensitiveKeySet } from '../maskSecrets.js';
import { DEFAULT_SECRET_PATTERNS, REDACTED } from '../secretPatterns.js';

/** Nesting past this is left to `maskSecrets` (which cuts it off at 100, or finds a cycle). */
const MAX_DEPTH = 50;
const REDACTED_JSON = JSON.stringify(REDACTED);
/** Strings up to this long have their masked JSON remembered: names, ids and scopes come by on every record. */
const MAX_CACHED_TEXT_LENGTH = 64;
/** Entries a pattern list's cache holds before it is emptied, so that unique strings cannot grow it. */
const MAX_CACHED_TEXTS = 4096;
/** Per frozen pattern list: a short string's masked JSON (when no secret values are masked by value). */
const textCaches = new WeakMap<readonly RegExp[], Map<string, string>>();

/** Not public API (`@brane/audit/internal`). Thrown by {@link MaskedJson} for a value it leaves to `maskSecrets`: the caller takes the slow path. */
export class NotPlainData extends Error {}

const NOT_PLAIN = new NotPlainData('not plain data');

/**
 * Not public API (`@brane/audit/internal`). `JSON.stringify(maskSecrets(value, options))` in one pass, without the masked copy: for plain data
 * (plain objects, arrays, strings, numbers, booleans, `null`), which is what an audit record holds. Anything else
 * (a class instance, an `Error`, a function, a bigint, a key that masking would rename, nesting past
 * {@link MAX_DEPTH}, a getter that throws) throws {@link NotPlainData}, and the caller falls back to
 * `maskSecrets`, which handles it.
 */
export class MaskedJson {
  readonly #keys: ReadonlySet<string>;
  readonly #patterns: readonly RegExp[];
  readonly #values: readonly string[];
  /** The masked JSON of short strings seen before; only without secret values, which change what a string masks to. */
  readonly #texts: Map<string, string> | undefined;
  /** Whether each short key seen is a sensitive name. */
  readonly #sensitiveKeys = new Map<string, boolean>();

  constructor(sensitiveKeys: readonly string[], patterns: readonly RegExp[], values: readonly string[] = []) {
    this.#keys = sensitiveKeySet(sensitiveKeys);
    this.#patterns = patterns;
    this.#values = secretValues(values);
    // A frozen list cannot change under its cache; a list the caller could still edit is not cached.
    if (this.#values.length === 0 && Object.isFrozen(patterns)) {
      let texts = textCaches.get(patterns);
      if (texts === undefined) textCaches.set(patterns, (texts = new Map<string, string>()));
      this.#texts = texts;
    }
  }

  /** Whether `key` is a sensitive name: its value is masked whatever it holds. */
  isSensitive(key: string): boolean {
    let sensitive = this.#sensitiveKeys.get(key);
    if (sensitive === undefined) {
      sensitive = this.#keys.has(keyFacts(key).normalized);
      if (key.length <= MAX_CACHED_TEXT_LENGTH) {
        if (this.#sensitiveKeys.size >= MAX_CACHED_TEXTS) this.#sensitiveKeys.clear();
        this.#sensitiveKeys.set(key, sensitive);
      }
    }
    return sensitive;
  }

  /** `text` masked, as a JSON string. */
  text(text: string): string {
    const texts = this.#texts;
    if (texts === undefined || text.length > MAX_CACHED_TEXT_LENGTH) {
      return JSON.stringify(maskText(text, this.#patterns, this.#values));
    }
    let json = texts.get(text);
    if (json === undefined) {
      json = JSON.stringify(maskText(text, this.#patterns, this.#values));
      if (texts.size >= MAX_CACHED_TEXTS) texts.clear();
      texts.set(text, json);
    }
    return json;
  }

  /** The JSON of `value` masked as the value of a property `key`; `undefined` when JSON leaves it out. */
  field(key: string, value: unknown): string | undefined {
    return this.isSensitive(key) && value !== null && value !== undefined ? REDACTED_JSON : this.json(value, 0);
  }

  /** The JSON of `value` masked; `undefined` for `undefined`. */
  json(value: unknown, depth = 0): string | undefined {
    switch (typeof value) {
      case 'string':
        return this.text(value);
      case 'number':
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return undefined;
      case 'object':
        return value === null ? 'null' : this.#object(value, depth);
      default:
        throw NOT_PLAIN;
    }
  }

  #object(value: object, depth: number): string {
    if (depth >= MAX_DEPTH) throw NOT_PLAIN;
    if (Array.isArray(value)) {
      let out = '';
      for (let i = 0; i < value.length; i++) {
        out += `${i === 0 ? '' : ','}${this.json((value as unknown[])[i], depth + 1) ?? 'null'}`;
      }
      return `[${out}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== null && proto !== Object.prototype) throw NOT_PLAIN;
    let out = '';
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || this.#renames(key)) throw NOT_PLAIN;
      const json = this.#item(key, (value as Record<string, unknown>)[key], depth);
      if (json !== undefined) out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${json}`;
    }
    return `{${out}}`;
  }

  #item(key: string, item: unknown, depth: number): string | undefined {
    if (item !== null && item !== undefined && this.isSensitive(key)) return REDACTED_JSON;
    return this.json(item, depth + 1);
  }

  /** Whether masking changes `key` (a key holding a secret), which `maskSecrets` moves after the others. */
  #renames(key: string): boolean {
    if (this.#patterns === DEFAULT_SECRET_PATTERNS && !this.#values.some((secret) => key.includes(secret))) {
      return keyFacts(key).masked !== key;
    }
    return maskText(key, this.#patterns, this.#values) !== key;
  }
}
