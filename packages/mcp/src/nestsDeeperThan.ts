/**
 * Whether `value` has objects or arrays nested more than `max` deep (`{}` is 1 deep, `{ a: [] }` 2), found
 * without recursion, so that a value nested any depth is measured without overflowing the stack. It stops at the
 * first container past `max`, so a cycle counts as too deep; a container reached again along a path no deeper than
 * before is not walked again, so shared branches cost one walk.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  const reached = new Map<object, number>();
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [item, depth] = top;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    if ((reached.get(item) ?? 0) >= depth) continue;
    reached.set(item, depth);
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
