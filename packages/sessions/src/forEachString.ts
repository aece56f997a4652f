/** How deep into nested objects and arrays values are looked for. */
export const MAX_DEPTH = 64;
/** How many objects and arrays one value is walked through at most. */
export const MAX_NODES = 100_000;

/**
 * Calls `visit` with every string in `value` (and every number and bigint, as text): the value itself, or the
 * values of arrays, plain objects, `Map`s and `Set`s inside it, up to {@link MAX_DEPTH} levels and
 * {@link MAX_NODES} containers, each once (cycles are fine). Returns `false` when it could not look at
 * everything: too deep, too many containers, or a property that threw on read.
 */
export function forEachString(value: unknown, visit: (text: string) => void): boolean {
  let complete = true;
  let nodes = 0;
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current === 'string') {
      visit(current);
      continue;
    }
    if (typeof current === 'number' || typeof current === 'bigint') {
      visit(String(current));
      continue;
    }
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    if (depth >= MAX_DEPTH || ++nodes > MAX_NODES) {
      complete = false;
      continue;
    }
    seen.add(current);
    try {
      const children: Iterable<unknown> =
        current instanceof Map || current instanceof Set
          ? current.values()
          : Array.isArray(current)
            ? current
            : Object.values(current);
      for (const child of children) stack.push([child, depth + 1]);
    } catch {
      complete = false; // a getter or a Proxy trap that throws: what it hides cannot be vouched for
    }
  }
  return complete;
}
