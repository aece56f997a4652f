import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApprovalError } from '@brane/errors';
import { migrate, PostgresApprovalStore, type MigrationResult } from '@brane/postgres';
import { sampleApprovalRecord } from '@brane/approvals/testing';
import { bundleFixture } from './harness/bundleFixture';
import { runChildren } from './harness/runChildren';
import { describeWithDatabase, uniqueSchema } from './harness/testDatabase';

/** The migrations the package ships, in order: written out here, so that a migration added or renamed shows. */
const MIGRATIONS = [
  '0001_approvals',
  '0002_limits',
  '0003_sessions',
  '0004_audit',
  '0005_console',
  '0006_limit_ids',
  '0007_limit_tokens',
];

describeWithDatabase(
  'migrate',
  (db) => {
    const drop = async (schema: string) => db().pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

    it('creates the schema and its tables once; later calls find nothing to do', async () => {
      const schema = uniqueSchema();
      try {
        await expect(migrate(db().pool, { schema })).resolves.toStrictEqual({
          schema,
          applied: MIGRATIONS,
          version: MIGRATIONS.length,
        });
        await expect(migrate(db().pool, { schema })).resolves.toStrictEqual({
          schema,
          applied: [],
          version: MIGRATIONS.length,
        });

        const history = await db().pool.query(`SELECT version, name FROM "${schema}".brane_migrations`);
        expect(history.rows).toStrictEqual(MIGRATIONS.map((name, i) => ({ version: i + 1, name })));
        const store = new PostgresApprovalStore({ pool: db().pool, schema });
        await store.create(sampleApprovalRecord());
        await expect(store.list()).resolves.toHaveLength(1);
      } finally {
        await drop(schema);
      }
    });

    it('quotes the schema: a mixed-case name is its own schema, beside the lower-case one', async () => {
      const lower = uniqueSchema();
      const mixed = `B${lower.slice(1)}`;
      try {
        await migrate(db().pool, { schema: lower });
        await expect(migrate(db().pool, { schema: mixed })).resolves.toMatchObject({
          applied: MIGRATIONS,
        });
        await new PostgresApprovalStore({ pool: db().pool, schema: mixed }).create(sampleApprovalRecord());

        await expect(new PostgresApprovalStore({ pool: db().pool, schema: lower }).list()).resolves.toStrictEqual([]);
      } finally {
        await drop(lower);
        await drop(mixed);
      }
    });

    it('refuses a schema whose applied migration was edited, naming it, and changes nothing', async () => {
      const schema = uniqueSchema();
      try {
        await migrate(db().pool, { schema });
        await db().pool.query(`UPDATE "${schema}".brane_migrations SET checksum = 'edited'`);

        const error = (await migrate(db().pool, { schema }).catch((caught: unknown) => caught)) as ApprovalError;

        expect(error).toBeInstanceOf(ApprovalError);
        expect(error.message).toMatch(/migration 0001_approvals was applied with other SQL \(checksum edited/);
        expect(error.details).toMatchObject({ schema, migration: '0001_approvals' });
      } finally {
        await drop(schema);
      }
    });

    it('opens one connection from a connection string, and closes it', async () => {
      const schema = uniqueSchema();
      try {
        await expect(migrate(db().url, { schema })).resolves.toMatchObject({
          applied: MIGRATIONS,
        });
      } finally {
        await drop(schema);
      }
    });

    it('leaves the pool usable and the lock free after a failure', async () => {
      const schema = uniqueSchema();
      try {
        await migrate(db().pool, { schema });
        await db().pool.query(`UPDATE "${schema}".brane_migrations SET checksum = 'edited'`);
        await expect(migrate(db().pool, { schema })).rejects.toThrow(ApprovalError);
        await db().pool.query(`DELETE FROM "${schema}".brane_migrations`);
        await db().pool.query(
          `DROP TABLE "${schema}".approvals, "${schema}".limit_entries, "${schema}".limit_keys, "${schema}".session_fingerprints, "${schema}".sessions, "${schema}".audit_records, "${schema}".audit_streams, "${schema}".console_webhook_outbox, "${schema}".console_webhook_scan, "${schema}".console_webhook_watch, "${schema}".console_sessions`,
        );
        const limitArgs = 'text[], double precision[], double precision[], bigint[], text[]';
        await db().pool.query(
          `DROP FUNCTION "${schema}".reserve_limits(text, ${limitArgs}), "${schema}".reserve_limits(text, text, ${limitArgs})`,
        );

        await expect(migrate(db().pool, { schema })).resolves.toMatchObject({
          applied: MIGRATIONS,
        });
      } finally {
        await drop(schema);
      }
    });
  },
  { migrate: false },
);

describeWithDatabase(
  'migrate, ten processes at once (each with its own connection)',
  (db) => {
    let directory: string;
    beforeAll(() => {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-migrate-'));
    });
    afterAll(() => {
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('migrates once: one process applies the migrations, nine find nothing to do', async () => {
      const schema = uniqueSchema();
      const bundle = bundleFixture(path.join(__dirname, 'fixtures', 'migrateChild.ts'), directory);
      try {
        const results = (await runChildren(bundle, 10, [db().url, schema])) as MigrationResult[];

        expect(results.map((result) => result.applied.length).sort()).toStrictEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
        expect(results.every((result) => result.version === 7)).toBe(true);
        const history = await db().pool.query(`SELECT count(*)::int AS n FROM "${schema}".brane_migrations`);
        expect(history.rows).toStrictEqual([{ n: 7 }]);
      } finally {
        await db().pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    }, 120_000);
  },
  { connections: 'several', migrate: false },
);

describe('migrate without a database', () => {
  it('refuses an invalid schema before connecting', async () => {
    await expect(migrate('postgres://postgres@127.0.0.1:9/x', { schema: 'a;b' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('fails typed, with the cause, when the database cannot be reached', async () => {
    const error = (await migrate('postgres://postgres@127.0.0.1:9/x').catch((caught: unknown) => caught)) as Error;

    expect(error).toBeInstanceOf(ApprovalError);
    expect(error).toMatchObject({ code: 'APPROVAL_STORE_FAILED', details: { schema: 'brane', kind: 'connection' } });
    expect(error.message).toMatch(/^Could not migrate schema `brane`: the connection to PostgreSQL failed/);
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
