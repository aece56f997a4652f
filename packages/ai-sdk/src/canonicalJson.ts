/**
 * JSON with every object's keys sorted, so that two values holding the same data give the same text (as
 * Brane binds an approval to its arguments).
 */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
      return Object.fromEntries(
        Object.keys(item)
          .sort()
          .map((key) => [key, (item as Record<string, unknown>)[key]]),
      );
    }) ?? 'undefined'
  );
}
