import fc from 'fast-check';
import { findSensitiveValues, sensitiveValuesIn } from '../src/findSensitiveValues';
import { DEFAULT_SENSITIVE_KEYS } from '../src/secretPatterns';
import { MIN_SECRET_VALUE_LENGTH, sensitiveKeySet } from '../src/maskSecrets';

/** The search as first written: every object visited once per sensitivity, from the root. */
function reference(value: unknown, sensitiveKeys: readonly string[]): string[] {
  const keys = sensitiveKeySet(sensitiveKeys);
  const normalize = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
  const found = new Set<string>();
  const seen = { plain: new Set<object>(), sensitive: new Set<object>() };
  const visit = (item: unknown, sensitive: boolean, depth: number): void => {
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)) || typeof item === 'bigint') {
      const text = String(item);
      if (sensitive && text.length >= MIN_SECRET_VALUE_LENGTH) found.add(text);
      return;
    }
    const visited = sensitive ? seen.sensitive : seen.plain;
    if (typeof item !== 'object' || item === null || visited.has(item) || depth >= 100) return;
    visited.add(item);
    for (const key of Object.keys(item)) {
      visit((item as Record<string, unknown>)[key], sensitive || keys.has(normalize(key)), depth + 1);
    }
  };
  visit(value, false, 0);
  return [...found];
}

const KEYS = ['password', 'token', 'apiKey', 'iban', 'user', 'note', 'nested', 'list'];

/** Values whose objects may be shared and cyclic: each object may point back at the root or at another. */
const shared = fc
  .tuple(
    fc.anything({ key: fc.constantFrom(...KEYS), maxDepth: 4, withBigInt: true }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...KEYS), fc.nat()), { maxLength: 6 }),
  )
  .map(([value, links]) => {
    const objects: Record<string, unknown>[] = [];
    const collect = (item: unknown): void => {
      if (typeof item !== 'object' || item === null || objects.includes(item as Record<string, unknown>)) return;
      objects.push(item as Record<string, unknown>);
      for (const child of Object.values(item)) collect(child);
    };
    collect(value);
    for (const [from, key, to] of links) {
      const source = objects[from % Math.max(1, objects.length)];
      const target = objects[to % Math.max(1, objects.length)];
      if (source !== undefined && target !== undefined && Object.isExtensible(source)) source[key] = target;
    }
    return value;
  });

describe('findSensitiveValues', () => {
  it('finds what the search as first written finds, in the same order, for any value (shared and cyclic too)', () => {
    fc.assert(
      fc.property(shared, fc.subarray(['iban', 'note']), (value, extra) => {
        expect(findSensitiveValues(value, { sensitiveKeys: extra })).toEqual(reference(value, extra));
      }),
    );
  });

  it('reads an object again when it is met under a sensitive name after it was met plainly (the root too)', () => {
    const root: Record<string, unknown> = { note: 'visible-value' };
    root['password'] = root;

    expect(findSensitiveValues(root)).toEqual(['visible-value']);
  });

  it('finds numbers as text, and nothing in a value that is not an object', () => {
    expect(findSensitiveValues({ pin: 12345678, password: 4_000_000_000_000 })).toEqual(['4000000000000']);
    for (const value of [undefined, null, 'password', 42, true]) expect(findSensitiveValues(value)).toEqual([]);
  });

  it('ends on a nesting deeper than it reads, and on a proxy that throws', () => {
    let deep: Record<string, unknown> = { password: 'deepest-secret' };
    for (let i = 0; i < 200; i++) deep = { nested: deep };
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );

    expect(findSensitiveValues(deep)).toEqual([]);
    expect(findSensitiveValues({ password: 'readable', other: hostile })).toEqual(['readable']);
  });
});

describe('sensitiveValuesIn', () => {
  it('returns one frozen empty list when nothing is found, and a new list otherwise', () => {
    const keys = sensitiveKeySet(DEFAULT_SENSITIVE_KEYS);
    const none = sensitiveValuesIn({ user: 'ann' }, keys);

    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(sensitiveValuesIn(7, keys)).toBe(none);
    expect(sensitiveValuesIn({ password: 'hunter22' }, keys)).toEqual(['hunter22']);
  });
});
