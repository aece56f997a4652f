import { describeApprovalStoreContract, sampleApprovalRecord as sample } from '@brane/approvals/testing';
import { ApprovalError } from '@brane/errors';
import { PostgresApprovalStore, type PostgresPool, type PostgresQuery } from '@brane/postgres';
import { describeWithDatabase } from './harness/testDatabase';

/** A port nothing listens on. */
const NOWHERE = 'postgres://postgres@127.0.0.1:9/postgres';

/** A pool that runs each query on `pool`, then, for queries `matching`, throws a lost connection. */
function losingAnswers(pool: PostgresPool, matching: RegExp, { run }: { run: boolean }): PostgresPool {
  return {
    connect: () => pool.connect(),
    end: () => pool.end(),
    query: async (query: PostgresQuery) => {
      if (!matching.test(query.text)) return pool.query(query);
      if (run) await pool.query(query);
      throw Object.assign(new Error('Connection terminated unexpectedly'), {});
    },
  };
}

describeWithDatabase('PostgresApprovalStore', (db) => {
  const table = () => `"${db().schema}".approvals`;
  const store = () => new PostgresApprovalStore({ pool: db().pool, schema: db().schema });

  describeApprovalStoreContract('PostgresApprovalStore', async () => {
    await db().pool.query(`TRUNCATE ${table()}`);
    return { store: store() };
  });

  describe('the table', () => {
    beforeEach(async () => {
      await db().pool.query(`TRUNCATE ${table()}`);
    });

    it('keeps the record as written, and copies the fields list filters on to their columns', async () => {
      const record = sample({ args: { b: 1, a: 'ü\u0000' } });
      await store().create(record);

      const { rows } = await db().pool.query(`SELECT *, body::text AS text FROM ${table()}`);
      expect(rows).toStrictEqual([
        expect.objectContaining({
          id: record.id,
          seal: 'seal-1',
          status: 'pending',
          capability: 'payments.refund',
          tenant_id: 'acme',
          requested_ms: String(Date.parse(record.requestedAt)),
          expires_ms: String(Date.parse(record.expiresAt)),
        }),
      ]);
      expect(JSON.parse((rows[0] as { text: string }).text)).toStrictEqual(record);
    });

    it('refuses, naming the field, a filter column PostgreSQL text cannot hold (U+0000), and stores nothing', async () => {
      const create = store().create(sample({ tenantId: 'ac\u0000me' }));

      await expect(create).rejects.toThrow(/`tenantId` contains U\+0000/);
      await expect(create).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED' });
      await expect(store().list()).resolves.toStrictEqual([]);
    });
  });

  describe('failures', () => {
    it('tells a schema that was never migrated, with what to run', async () => {
      const unmigrated = new PostgresApprovalStore({ pool: db().pool, schema: 'brane_never_migrated' });

      const error = (await unmigrated.get(sample().id).catch((caught: unknown) => caught)) as ApprovalError;

      expect(error).toBeInstanceOf(ApprovalError);
      expect(error).toMatchObject({ code: 'APPROVAL_STORE_FAILED', details: { kind: 'schema', sqlState: '42P01' } });
      expect(error.message).toMatch(/brane db migrate/);
    });

    it('fails closed and typed on a database it cannot reach, in every method, with the cause', async () => {
      const unreachable = new PostgresApprovalStore({ connectionString: NOWHERE, timeoutMs: 5_000 });
      try {
        for (const call of [
          () => unreachable.create(sample()),
          () => unreachable.get(sample().id),
          () => unreachable.list(),
          () => unreachable.update(sample(), 'seal-1'),
        ]) {
          const error: unknown = await call().catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(ApprovalError);
          expect(error).toMatchObject({ code: 'APPROVAL_STORE_FAILED', details: { kind: 'connection' } });
          expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
        }
      } finally {
        await unreachable.close();
      }
    });

    it('fails as a timeout when the database does not answer within timeoutMs', async () => {
      const silent: PostgresPool = {
        query: () => new Promise(() => undefined),
        connect: () => new Promise(() => undefined),
        end: async () => undefined,
      };
      const slow = new PostgresApprovalStore({ pool: silent, timeoutMs: 50 });

      await expect(slow.get(sample().id)).rejects.toMatchObject({
        code: 'APPROVAL_STORE_FAILED',
        details: { kind: 'timeout' },
      });
    });

    it('a create whose answer was lost succeeds if the row holds what it wrote, and fails if there is none', async () => {
      await db().pool.query(`TRUNCATE ${table()}`);
      const committed = losingAnswers(db().pool, /^INSERT/, { run: true });
      const lost = losingAnswers(db().pool, /^INSERT/, { run: false });
      const schema = db().schema;

      await expect(new PostgresApprovalStore({ pool: committed, schema }).create(sample())).resolves.toBeUndefined();
      const other = sample({ id: '01HZX0000000000000000000BB' });
      await expect(new PostgresApprovalStore({ pool: lost, schema }).create(other)).rejects.toMatchObject({
        code: 'APPROVAL_STORE_FAILED',
        details: { kind: 'connection' },
      });
      await expect(store().list()).resolves.toStrictEqual([sample()]);
    });

    it('an update whose answer was lost is never reported as done: false if it did not apply, else a failure', async () => {
      await db().pool.query(`TRUNCATE ${table()}`);
      await store().create(sample());
      const schema = db().schema;
      const next = sample({ status: 'executing', seal: 'seal-2' });

      await expect(
        new PostgresApprovalStore({ pool: losingAnswers(db().pool, /^UPDATE/, { run: false }), schema }).update(
          next,
          'seal-1',
        ),
      ).resolves.toBe(false);
      await expect(
        new PostgresApprovalStore({ pool: losingAnswers(db().pool, /^UPDATE/, { run: true }), schema }).update(
          next,
          'seal-1',
        ),
      ).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED', details: { kind: 'connection' } });
      await expect(store().get(sample().id)).resolves.toStrictEqual(next);
    });
  });

  describe('connections', () => {
    it('closes a pool it opened from a connection string; later calls fail typed', async () => {
      const own = new PostgresApprovalStore({ connectionString: db().url, schema: db().schema, maxConnections: 1 });
      await expect(own.list()).resolves.toBeInstanceOf(Array);

      await own.close();
      await own.close();

      await expect(own.list()).rejects.toMatchObject({
        code: 'APPROVAL_STORE_FAILED',
        details: { kind: 'connection' },
      });
    });

    it('never ends a pool it was given', async () => {
      const end = jest.spyOn(db().pool, 'end');
      const given = store();

      await given.close();

      expect(end).not.toHaveBeenCalled();
      await expect(db().pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      end.mockRestore();
    });
  });
});

describe('PostgresApprovalStore options', () => {
  const pool: PostgresPool = { query: jest.fn(), connect: jest.fn(), end: jest.fn() };

  it.each([
    [{}, /exactly one of `pool` \(a pg.Pool\) and `connectionString` \(got neither\)/],
    [{ pool, connectionString: NOWHERE }, /got both/],
    [{ pool: {} }, /`pool` must be a pg.Pool/],
    [{ pool, maxConnections: 3 }, /`maxConnections` must be left out with `pool`/],
    [
      { connectionString: 'mysql://x' },
      /`connectionString` must be a postgres:\/\/ URL \(got a string that is not one\)/,
    ],
    [{ connectionString: NOWHERE, maxConnections: 0 }, /`maxConnections` must be a positive integer/],
    [{ pool, timeoutMs: 1.5 }, /`timeoutMs` must be a positive integer/],
    [{ pool, tenant: 'x' }, /`tenant` must be one of pool, connectionString/],
    [{ pool, schema: '' }, /`schema` must be a schema name/],
    [{ pool, schema: '1brane' }, /`schema` must be a schema name/],
    [{ pool, schema: 'bra-ne' }, /schema name/],
    [{ pool, schema: 'a"; DROP TABLE x; --' }, /schema name/],
    [{ pool, schema: 'pg_brane' }, /not starting with `pg_`/],
    [{ pool, schema: 'b'.repeat(64) }, /schema name/],
    [{ pool, schema: 42 }, /schema name/],
  ])('refuses %p with INVALID_ARGUMENT', (options, message) => {
    const make = () => new PostgresApprovalStore(options as never);

    expect(make).toThrow(message);
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
  });

  it('never echoes a connection string that may hold a password', () => {
    expect(() => new PostgresApprovalStore({ connectionString: 'host=db password=hunter2' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') as string }) as Error,
    );
  });

  it('accepts a schema of up to 63 letters, digits and `_`, case and all', () => {
    expect(new PostgresApprovalStore({ pool, schema: `B${'r'.repeat(62)}` }).schema).toHaveLength(63);
  });
});
