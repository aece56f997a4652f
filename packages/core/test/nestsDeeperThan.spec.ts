import { nestsDeeperThan } from '../src/nestsDeeperThan.js';

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not primitives', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
  });

  it('measures a value nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
    expect(nestsDeeperThan(deep, 1_000)).toBe(true);
    expect(nestsDeeperThan(deep, 100_000)).toBe(false);
  });

  it('counts a cycle as too deep, and walks a shared branch once for each deeper path only', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(nestsDeeperThan(cycle, 1_000)).toBe(true);
    // 40 levels of two references to the next: 2^40 paths, 40 containers.
    let shared: unknown = 1;
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(nestsDeeperThan(shared, 40)).toBe(false);
    expect(nestsDeeperThan(shared, 39)).toBe(true);
  });

  it('walks own enumerable keys (as JSON does), not the bytes of a typed array', () => {
    const inherited = Object.create({ deep: { a: { b: {} } } }) as object;
    expect(nestsDeeperThan(inherited, 1)).toBe(false);
    expect(nestsDeeperThan({ bytes: new Uint8Array(1_000_000) }, 2)).toBe(false); // the array is one level, its bytes none
  });

  it('measures a wide value of more containers than it walks unremembered', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ i, tags: [i] }));
    expect(nestsDeeperThan(wide, 3)).toBe(false);
    expect(nestsDeeperThan(wide, 2)).toBe(true);
  });
});
