import { GroupCommit } from '../src/GroupCommit';

interface Op {
  readonly key: string;
  readonly n: number;
}

/** A GroupCommit whose batches are held until `release()`, recording each batch and the keys in flight. */
function held() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const inFlight = new Map<string, number>();
  let overlap = false;
  const group = new GroupCommit<Op, number>(async (ops) => {
    batches.push(ops.map((op) => op.n));
    for (const op of ops) {
      if ((inFlight.get(op.key) ?? 0) > 0) overlap = true;
      inFlight.set(op.key, (inFlight.get(op.key) ?? 0) + 1);
    }
    await new Promise<void>((resolve) => releases.push(resolve));
    for (const op of ops) inFlight.set(op.key, (inFlight.get(op.key) ?? 0) - 1);
    return ops.map((op) =>
      op.n % 7 === 6
        ? { status: 'rejected', reason: new Error(`op ${op.n}`) }
        : { status: 'fulfilled', value: op.n * 10 },
    );
  });
  const release = async () => {
    await new Promise((resolve) => setImmediate(resolve)); // the first batch goes at the end of the turn
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { group, batches, release, overlap: () => overlap };
}

describe('GroupCommit', () => {
  it('sends what one turn submits together, and settles each caller with its own outcome', async () => {
    const { group, batches, release } = held();
    const outcomes = Promise.allSettled(Array.from({ length: 10 }, (_, n) => group.submit({ key: `k${n}`, n })));
    await release();

    expect(batches).toStrictEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(await outcomes).toStrictEqual(
      Array.from({ length: 10 }, (_, n) =>
        n === 6 ? { status: 'rejected', reason: new Error('op 6') } : { status: 'fulfilled', value: n * 10 },
      ),
    );
  });

  it("sends a later turn's operations while a batch is in flight, two batches at most, the rest together", async () => {
    const { group, batches, release } = held();
    const submit = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        group.submit({ key: `k${from + i}`, n: from + i }).then(
          () => 'fulfilled',
          () => 'rejected',
        ),
      );
    const outcomes = [...submit(0, 2)];
    await new Promise((resolve) => setImmediate(resolve));
    outcomes.push(...submit(2, 1));
    await new Promise((resolve) => setImmediate(resolve));
    outcomes.push(...submit(3, 3));
    await new Promise((resolve) => setImmediate(resolve));
    outcomes.push(...submit(6, 2));
    await release();

    expect(batches).toStrictEqual([[0, 1], [2], [3, 4, 5, 6, 7]]);
    expect(await Promise.all(outcomes)).toStrictEqual(
      Array.from({ length: 8 }, (_, n) => (n === 6 ? 'rejected' : 'fulfilled')),
    );
  });

  it('never has two operations on one key in flight at once, and keeps their order', async () => {
    const { group, batches, release, overlap } = held();
    const keys = ['a', 'a', 'b', 'a', 'b', 'c'];
    const outcomes = Promise.all(keys.map((key, n) => group.submit({ key, n }).catch(() => -1)));
    await release();

    expect(overlap()).toBe(false);
    const order = batches.flat();
    for (const key of ['a', 'b']) {
      const mine = keys.flatMap((k, n) => (k === key ? [n] : []));
      expect(order.filter((n) => mine.includes(n))).toStrictEqual(mine);
    }
    expect(await outcomes).toStrictEqual([0, 10, 20, 30, 40, 50]);
  });

  it('rejects every operation of a batch whose run throws, and goes on with the next', async () => {
    let calls = 0;
    const group = new GroupCommit<Op, number>((ops) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('down'));
      return Promise.resolve(ops.map((op) => ({ status: 'fulfilled' as const, value: op.n })));
    });

    await expect(group.submit({ key: 'a', n: 1 })).rejects.toThrow('down');
    await expect(group.submit({ key: 'a', n: 2 })).resolves.toBe(2);
  });
});
