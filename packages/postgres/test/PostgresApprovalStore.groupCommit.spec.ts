import { sampleApprovalRecord as sample } from '@brane/approvals/testing';
import { PostgresApprovalStore, type PostgresPool, type PostgresQuery } from '@brane/postgres';
import { describeWithDatabase } from './harness/testDatabase';

const id = (n: number) => `gc_${String(n).padStart(4, '0')}`;

/** A pool that counts the batched statements (`unnest`), and lets `hook` run or replace them. */
function batchPool(
  pool: PostgresPool,
  hook: (query: PostgresQuery, run: () => Promise<unknown>) => Promise<unknown> = (_, run) => run(),
): PostgresPool & { batches: number } {
  const wrapped = {
    batches: 0,
    connect: () => pool.connect(),
    end: () => pool.end(),
    query: async (query: PostgresQuery) => {
      if (!query.text.includes('unnest(')) return pool.query(query);
      wrapped.batches += 1;
      return hook(query, () => pool.query(query)) as ReturnType<PostgresPool['query']>;
    },
  };
  return wrapped;
}

describeWithDatabase('PostgresApprovalStore group commit', (db) => {
  const table = () => `"${db().schema}".approvals`;
  const plain = () => new PostgresApprovalStore({ pool: db().pool, schema: db().schema });
  beforeEach(async () => {
    await db().pool.query(`TRUNCATE ${table()}`);
  });

  it('concurrent creates share a statement; an id that exists fails for its caller only', async () => {
    await plain().create(sample({ id: id(99) }));
    const pool = batchPool(db().pool);
    const store = new PostgresApprovalStore({ pool, schema: db().schema });
    const ids = [...Array.from({ length: 18 }, (_, n) => id(n)), id(99), id(1)];

    const outcomes = await Promise.allSettled(ids.map((n) => store.create(sample({ id: n }))));

    expect(pool.batches).toBeGreaterThan(0);
    const failed = outcomes.flatMap((outcome, i) =>
      outcome.status === 'rejected' ? [[ids[i], (outcome.reason as { code: string; message: string }).code]] : [],
    );
    expect(failed).toStrictEqual([
      [id(99), 'APPROVAL_STORE_FAILED'],
      [id(1), 'APPROVAL_STORE_FAILED'],
    ]);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect(outcome.reason).toMatchObject({
        message: expect.stringMatching(/already exists/) as unknown,
      });
    }
    await expect(plain().list({ limit: 100 })).resolves.toHaveLength(19);
  });

  it('concurrent compare-and-sets share a statement, and each caller gets its own answer', async () => {
    const records = Array.from({ length: 20 }, (_, n) => sample({ id: id(n) }));
    for (const record of records) await plain().create(record);
    const pool = batchPool(db().pool);
    const store = new PostgresApprovalStore({ pool, schema: db().schema });
    const next = (n: number) => sample({ id: id(n), status: 'approved', seal: `seal-${n}` });

    const answers = await Promise.all([
      ...records.map((_, n) => store.update(next(n), n % 2 === 0 ? 'seal-1' : 'stale')),
      store.replace(next(1), records[1]!), // whole-record compare-and-set, matches
      store.replace(next(3), sample({ id: id(3), principalId: 'someone-else' })), // same seal, another body: misses
      store.update(sample({ id: id(0), status: 'rejected', seal: 'seal-x' }), 'seal-1'), // after the first: misses
    ]);

    expect(pool.batches).toBeGreaterThan(0);
    expect(answers).toStrictEqual([...records.map((_, n) => n % 2 === 0), true, false, false]);
    const stored = await plain().list({ limit: 100 });
    expect(stored.map((record) => record.seal)).toStrictEqual(
      records.map((_, n) => (n % 2 === 0 || n === 1 ? `seal-${n}` : 'seal-1')),
    );
  });

  it('creates and compare-and-sets waiting together share one statement, and each caller gets its own answer', async () => {
    const records = Array.from({ length: 8 }, (_, n) => sample({ id: id(n) }));
    for (const record of records) await plain().create(record);
    await plain().create(sample({ id: id(99) }));
    const mixed: string[] = [];
    const pool = batchPool(db().pool, (query, run) => {
      if (query.text.includes('INSERT') && query.text.includes('UPDATE')) mixed.push(query.text);
      return run();
    });
    const store = new PostgresApprovalStore({ pool, schema: db().schema });

    const outcomes = await Promise.allSettled([
      store.update(sample({ id: id(0), seal: 'seal-0' }), 'seal-1'),
      store.update(sample({ id: id(1), seal: 'seal-1' }), 'seal-1'),
      ...records
        .slice(2)
        .map((_, i) => store.update(sample({ id: id(i + 2), seal: 'x' }), i % 2 === 0 ? 'seal-1' : 'stale')),
      ...[20, 21, 22].map((n) => store.create(sample({ id: id(n) }))),
      store.create(sample({ id: id(99) })), // exists: fails for its caller only
    ]);

    expect(mixed).toHaveLength(1);
    expect(outcomes.slice(0, 8)).toStrictEqual(
      [true, true, true, false, true, false, true, false].map((value) => ({ status: 'fulfilled', value })),
    );
    expect(outcomes.slice(8, 11)).toStrictEqual([1, 2, 3].map(() => ({ status: 'fulfilled', value: undefined })));
    expect(outcomes[11]).toMatchObject({ status: 'rejected', reason: { code: 'APPROVAL_STORE_FAILED' } });
    await expect(plain().list({ limit: 100 })).resolves.toHaveLength(12);
  });

  it('a mixed batch that fails without committing goes again one write at a time', async () => {
    await plain().create(sample({ id: id(0) }));
    await plain().create(sample({ id: id(1) }));
    const pool = batchPool(db().pool, () =>
      Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' })),
    );
    const store = new PostgresApprovalStore({ pool, schema: db().schema });

    const outcomes = await Promise.allSettled([
      store.create(sample({ id: id(10) })),
      store.create(sample({ id: id(11) })),
      store.update(sample({ id: id(0), seal: 'seal-2' }), 'seal-1'),
      store.update(sample({ id: id(1), seal: 'seal-2' }), 'stale'),
      store.create(sample({ id: id(12) })),
      store.create(sample({ id: id(0) })), // exists
    ]);

    expect(pool.batches).toBe(1);
    expect(outcomes.slice(0, 5)).toStrictEqual([
      { status: 'fulfilled', value: undefined },
      { status: 'fulfilled', value: undefined },
      { status: 'fulfilled', value: true },
      { status: 'fulfilled', value: false },
      { status: 'fulfilled', value: undefined },
    ]);
    expect(outcomes[5]).toMatchObject({ status: 'rejected', reason: { code: 'APPROVAL_STORE_FAILED' } });
    await expect(plain().get(id(0))).resolves.toMatchObject({ seal: 'seal-2' });
    await expect(plain().list({ limit: 100 })).resolves.toHaveLength(5);
  });

  it('a batch that fails without committing (a deadlock) goes again one write at a time', async () => {
    const records = Array.from({ length: 10 }, (_, n) => sample({ id: id(n) }));
    for (const record of records) await plain().create(record);
    const pool = batchPool(db().pool, () =>
      Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' })),
    );
    const store = new PostgresApprovalStore({ pool, schema: db().schema });

    const answers = await Promise.all(
      records.map((_, n) => store.update(sample({ id: id(n), seal: `seal-${n}` }), n < 5 ? 'seal-1' : 'stale')),
    );
    const created = await Promise.allSettled([10, 11, 12, 13, 14, 15].map((n) => store.create(sample({ id: id(n) }))));

    expect(pool.batches).toBe(2);
    expect(answers).toStrictEqual(records.map((_, n) => n < 5));
    expect(created.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    await expect(plain().list({ limit: 100 })).resolves.toHaveLength(16);
  });

  it('a batch whose answer was lost: creates that committed succeed, updates are reported in doubt', async () => {
    await plain().create(sample({ id: id(0) }));
    await plain().create(sample({ id: id(1) }));
    const pool = batchPool(db().pool, async (_, run) => {
      await run();
      throw new Error('Connection terminated unexpectedly');
    });
    const store = new PostgresApprovalStore({ pool, schema: db().schema });

    // Each turn's writes go together: the creates' batch, then the updates' (submitted once the creates settled).
    const created = await Promise.allSettled([5, 6, 7, 8, 9].map((n) => store.create(sample({ id: id(n) }))));
    const updated = await Promise.allSettled([
      store.update(sample({ id: id(20), seal: 'seal-2' }), 'seal-1'), // no such row: did not apply, false
      store.update(sample({ id: id(21), seal: 'seal-2' }), 'seal-1'), // no such row: did not apply, false
      store.update(sample({ id: id(0), seal: 'seal-2' }), 'seal-1'), // applied: in doubt
      // did not apply, but the row holds neither the expected seal nor ours: in doubt, as when alone
      store.update(sample({ id: id(1), seal: 'seal-2' }), 'stale'),
    ]);

    expect(pool.batches).toBe(2);
    expect(created.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(updated.map((outcome) => outcome.status)).toStrictEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(updated.slice(0, 2)).toStrictEqual([
      { status: 'fulfilled', value: false },
      { status: 'fulfilled', value: false },
    ]);
    for (const outcome of updated.slice(2)) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({
        code: 'APPROVAL_STORE_FAILED',
        details: { kind: 'connection' },
      });
    }
    await expect(plain().get(id(0))).resolves.toMatchObject({ seal: 'seal-2' });
  });
});
