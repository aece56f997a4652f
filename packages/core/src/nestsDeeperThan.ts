/** Containers walked before the walk starts remembering them (only a value built with shared branches gets there). */
const UNREMEMBERED_WALK = 4_096;

/**
 * Whether `value` has objects or arrays nested more than `max` deep (`{}` is 1 deep, `{ a: [] }` 2, a primitive
 * 0), found without recursion, so that a value nested any depth is measured without overflowing the stack. It stops
 * at the first container past `max`, so a cycle counts as too deep. Arrays are walked by index, other objects by
 * their own enumerable keys (what `JSON.stringify` sees); a typed array or `DataView` holds no containers.
 *
 * A small value costs one pass and no allocation beyond the walk's stack (about 250 ns for a tool result of a dozen
 * fields); past 4,096 containers, each container is remembered with the deepest path it was reached by and not walked
 * again along one no deeper, so a value of shared branches (2^40 paths through 40 arrays) costs one walk of each.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max < 1) return true;
  const items: object[] = [value];
  const depths: number[] = [1];
  let walked = 0;
  let reached: Map<object, number> | undefined;
  for (let item = items.pop(); item !== undefined; item = items.pop()) {
    const depth = depths.pop() as number;
    if (reached !== undefined) {
      if ((reached.get(item) ?? 0) >= depth) continue;
      reached.set(item, depth);
    } else if (++walked > UNREMEMBERED_WALK) {
      reached = new Map();
    }
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child: unknown = item[i];
        if (typeof child !== 'object' || child === null) continue;
        if (depth >= max) return true;
        items.push(child);
        depths.push(depth + 1);
      }
    } else if (!ArrayBuffer.isView(item)) {
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        const child: unknown = (item as Record<string, unknown>)[key];
        if (typeof child !== 'object' || child === null) continue;
        if (depth >= max) return true;
        items.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
