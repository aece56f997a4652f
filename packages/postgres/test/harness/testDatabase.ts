import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '@brane/postgres';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './startEmbeddedPostgres';

/** Where a suite's database is: the server of `BRANE_TEST_DATABASE_URL`, or an embedded PostgreSQL (PGlite). */
export type DatabaseTarget = 'server' | 'embedded';

/** The tags `databaseReporter.cjs` counts, in the titles of the suites `describeWithDatabase` makes. */
export const TARGET_TAGS = {
  server: '[PostgreSQL server]',
  embedded: '[embedded PostgreSQL (PGlite)]',
  skipped: '[skipped: needs several connections at once, so a PostgreSQL server: set BRANE_TEST_DATABASE_URL]',
} as const;

/** A suite's database: its own schema, dropped after the suite. */
export interface TestDatabase {
  readonly target: DatabaseTarget;
  /** The database's URL (the schema is not part of it). */
  readonly url: string;
  /** A fresh schema of this suite (migrated unless the suite said `migrate: false`). */
  readonly schema: string;
  /** A pool on the database: one connection on the embedded server, four on a real one. */
  readonly pool: pg.Pool;
  /** Another pool, ended after the suite. */
  newPool(max?: number): pg.Pool;
}

/** Options of {@link describeWithDatabase}. */
export interface DatabaseSuiteOptions {
  /** `several`: the tests use several connections at once, so they run only on a real server. Default `one`. */
  readonly connections?: 'one' | 'several';
  /** Whether to run `migrate` on the fresh schema first. Default `true`. */
  readonly migrate?: boolean;
}

/** The server's URL, when the environment names one. */
export function serverUrl(): string | undefined {
  const url = process.env['BRANE_TEST_DATABASE_URL'];
  return url === undefined || url === '' ? undefined : url;
}

/** A schema name no other run uses: `brane_test_<time>_<pid>_<random>`. */
export function uniqueSchema(prefix = 'brane_test'): string {
  return `${prefix}_${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/**
 * Declares a suite that runs against PostgreSQL: the server of `BRANE_TEST_DATABASE_URL` when it is set, else an
 * embedded PostgreSQL (PGlite, served over the wire protocol so the code under test still speaks it through
 * `pg`). Each suite works in its own schema, dropped afterwards. The suite's title says where it ran, and
 * `databaseReporter.cjs` prints the count. Suites that need several connections at once are skipped, with the
 * reason, when there is no server.
 *
 * @example
 * describeWithDatabase('PostgresApprovalStore', (db) => {
 *   it('...', async () => { await db().pool.query(`SELECT 1`); });
 * });
 */
export function describeWithDatabase(
  title: string,
  body: (db: () => TestDatabase) => void,
  options: DatabaseSuiteOptions = {},
): void {
  const url = serverUrl();
  const target: DatabaseTarget = url === undefined ? 'embedded' : 'server';
  const current = (): TestDatabase => {
    if (database === undefined) throw new Error('describeWithDatabase: the database is not ready (use it in tests)');
    return database;
  };
  let database: TestDatabase | undefined;
  if (options.connections === 'several' && url === undefined) {
    describe.skip(`${title} ${TARGET_TAGS.skipped}`, () => {
      body(current);
    });
    return;
  }
  describe(`${title} ${TARGET_TAGS[target]}`, () => {
    let embedded: EmbeddedPostgres | undefined;
    const pools: pg.Pool[] = [];
    beforeAll(async () => {
      embedded = url === undefined ? await startEmbeddedPostgres() : undefined;
      const databaseUrl = url ?? embedded!.url;
      const newPool = (max = target === 'server' ? 4 : 1): pg.Pool => {
        const pool = new pg.Pool({ connectionString: databaseUrl, max });
        pool.on('error', () => undefined); // idle connections the server drops (a restart test) are discarded
        pools.push(pool);
        return pool;
      };
      const schema = uniqueSchema();
      const pool = newPool();
      if (options.migrate !== false) await migrate(pool, { schema });
      database = { target, url: databaseUrl, schema, pool, newPool };
    }, 180_000);
    afterAll(async () => {
      const schema = database?.schema;
      if (schema !== undefined) {
        // A fresh connection: the suite's pool may hold connections the server dropped (a restart test).
        await database
          ?.newPool(1)
          .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          .catch(() => undefined);
      }
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      await embedded?.stop();
      database = undefined;
    }, 60_000);
    body(current);
  });
}
