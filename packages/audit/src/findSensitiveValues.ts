import {
  MAX_DEPTH,
  MIN_SECRET_VALUE_LENGTH,
  normalizeKey,
  readProperty,
  sensitiveKeySet,
  type MaskSecretsOptions,
} from './maskSecrets.js';

const NONE: readonly string[] = Object.freeze([]);

/**
 * The secrets `value` holds by name: every string (and finite number, as text) under a sensitive key, at any
 * depth, of {@link MIN_SECRET_VALUE_LENGTH} characters or more. Pass them as {@link MaskSecretsOptions.values}
 * to mask them where they are repeated under other names or inside text. Never throws.
 *
 * @example
 * findSensitiveValues({ user: 'ann', password: 'hunter2!' }) // ['hunter2!']
 */
export function findSensitiveValues(value: unknown, options: Pick<MaskSecretsOptions, 'sensitiveKeys'> = {}): string[] {
  return [...sensitiveValuesIn(value, sensitiveKeySet(options.sensitiveKeys))];
}

/**
 * Not public API (`@brane/audit/internal`). {@link findSensitiveValues} with the normalized names made (`sensitiveKeySet`): run on the arguments and
 * output of every audited action, so it allocates nothing for a value without secrets (a frozen empty list).
 */
export function sensitiveValuesIn(value: unknown, keys: ReadonlySet<string>): readonly string[] {
  if (typeof value !== 'object' || value === null) return NONE; // a value that is not an object has no names
  const search = new SensitiveSearch(keys, value);
  try {
    search.visit(value, false, 0);
  } catch {
    // a proxy that throws on `ownKeys`: what was found so far
  }
  return search.found === undefined ? NONE : [...search.found];
}

/** One search: what it found, and the objects it visited, made only once needed. */
class SensitiveSearch {
  found: Set<string> | undefined;
  /** Visited objects, by whether they were met under a sensitive key: met again under one, an object is read again. */
  #plain: Set<object> | undefined;
  #sensitive: Set<object> | undefined;

  constructor(
    readonly keys: ReadonlySet<string>,
    readonly root: object,
  ) {}

  visit(item: unknown, sensitive: boolean, depth: number): void {
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)) || typeof item === 'bigint') {
      if (!sensitive) return;
      const text = String(item);
      if (text.length >= MIN_SECRET_VALUE_LENGTH) (this.found ??= new Set()).add(text);
      return;
    }
    if (typeof item !== 'object' || item === null || depth >= MAX_DEPTH) return;
    // The root is visited first, plainly: the sets are made when a nested object is met (a flat value needs none).
    if (depth > 0) {
      const visited = sensitive ? (this.#sensitive ??= new Set()) : (this.#plain ??= new Set([this.root]));
      if (visited.has(item)) return;
      visited.add(item);
    }
    for (const key of Object.keys(item)) {
      this.visit(readProperty(item, key), sensitive || this.keys.has(normalizeKey(key)), depth + 1);
    }
  }
}
