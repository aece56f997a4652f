import { ApprovalError } from '@brane/errors';
import { MIGRATIONS, type Migration } from './migrations.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresPool, PostgresPoolClient } from './PostgresPool.js';
import { postgresFailure } from './postgresFailure.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The schema to migrate (created if missing). Default `brane`. */
  readonly schema?: string | undefined;
}

/** What {@link migrate} did. */
export interface MigrationResult {
  readonly schema: string;
  /** The migrations this call applied, in order: empty when the schema was up to date. */
  readonly applied: readonly string[];
  /** The schema's version afterwards: the highest migration applied. */
  readonly version: number;
}

/** The first key of the advisory lock migrations hold ('brne'); the second is the schema name's hash. */
const LOCK_CLASS = 0x62726e65;
const HISTORY = 'brane_migrations';

/**
 * Creates or upgrades Brane's tables in `schema`: applies, in order, each migration the schema lacks, each in
 * its own transaction, and records it in `<schema>.brane_migrations`. Idempotent, and safe to call from every
 * process at startup: it holds a PostgreSQL advisory lock for the schema meanwhile, so ten processes starting
 * at once migrate once (the others wait, then find nothing to do). A migration recorded with another checksum
 * (edited after it was applied) stops it. It uses one connection of `pool`; given a connection string, it
 * opens one connection and closes it.
 *
 * @example
 * await migrate(pool, { schema: 'brane' }); // or `brane db migrate --store postgres://...`
 */
export async function migrate(pool: PostgresPool | string, options: MigrateOptions = {}): Promise<MigrationResult> {
  const { schema } = options ?? {};
  const connection = new PostgresConnection(
    typeof pool === 'string' ? { connectionString: pool, maxConnections: 1, schema } : { pool, schema },
    'migrate',
  );
  try {
    const client = await connect(connection);
    // A connection that failed, or may still hold the lock, is discarded rather than returned to the pool.
    let discard: Error | undefined;
    try {
      await client.query({
        text: 'SELECT pg_advisory_lock($1, hashtext($2))',
        values: [LOCK_CLASS, connection.schema],
      });
      try {
        return await migrateSchema(client, connection);
      } finally {
        await client
          .query({ text: 'SELECT pg_advisory_unlock($1, hashtext($2))', values: [LOCK_CLASS, connection.schema] })
          .catch((error: unknown) => {
            discard = error as Error;
          });
      }
    } catch (error) {
      discard ??= error as Error;
      throw failed(connection.schema, error);
    } finally {
      client.release(discard);
    }
  } finally {
    await connection.close();
  }
}

/** With the lock held: creates the schema and the history table if missing, checks the history, applies what is missing. */
async function migrateSchema(client: PostgresPoolClient, connection: PostgresConnection): Promise<MigrationResult> {
  const { schema, quotedSchema } = connection;
  const run = (text: string, values: unknown[] = []) => client.query({ text, values });
  const exists = await run('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rows.length === 0) await run(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`);
  const history = connection.table(HISTORY);
  await run(
    `CREATE TABLE IF NOT EXISTS ${history} (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const done = await run(`SELECT version, name, checksum FROM ${history} ORDER BY version`);
  const applied = new Map(done.rows.map((row) => [Number(row['version']), row]));
  for (const migration of MIGRATIONS) {
    const row = applied.get(migration.version);
    if (row !== undefined && row['checksum'] !== migration.checksum) {
      throw new ApprovalError(
        'APPROVAL_STORE_FAILED',
        '*',
        `Schema \`${schema}\`: migration ${migration.name} was applied with other SQL (checksum ${String(row['checksum']).slice(0, 12)}…, this package ships ${migration.checksum.slice(0, 12)}…): restore the shipped file, or repair ${schema}.${HISTORY} by hand`,
        { details: { schema, migration: migration.name } },
      );
    }
  }
  const pending = MIGRATIONS.filter((migration) => !applied.has(migration.version));
  for (const migration of pending) await apply(client, connection, migration);
  const versions = [...applied.keys(), ...pending.map((migration) => migration.version)];
  return { schema, applied: pending.map((migration) => migration.name), version: Math.max(0, ...versions) };
}

/** Applies one migration and records it, in one transaction, with the schema first on the search path. */
async function apply(client: PostgresPoolClient, connection: PostgresConnection, migration: Migration): Promise<void> {
  await client.query({ text: 'BEGIN' });
  try {
    await client.query({ text: `SET LOCAL search_path TO ${connection.quotedSchema}` });
    await client.query({ text: migration.sql });
    await client.query({
      text: `INSERT INTO ${connection.table(HISTORY)} (version, name, checksum) VALUES ($1, $2, $3)`,
      values: [migration.version, migration.name, migration.checksum],
    });
    await client.query({ text: 'COMMIT' });
  } catch (error) {
    await client.query({ text: 'ROLLBACK' }).catch(() => undefined);
    throw error;
  }
}

/** One connection of the pool, within the connection's deadline. */
async function connect(connection: PostgresConnection): Promise<PostgresPoolClient> {
  let timer: NodeJS.Timeout | undefined;
  const connecting = connection.pool.connect();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timeout exceeded when trying to connect (${connection.timeoutMs} ms)`));
      void connecting.then(
        (client) => {
          client.release();
        },
        () => undefined,
      );
    }, connection.timeoutMs);
  });
  try {
    return await Promise.race([connecting, deadline]);
  } catch (error) {
    throw failed(connection.schema, error);
  } finally {
    clearTimeout(timer);
  }
}

function failed(schema: string, error: unknown): ApprovalError {
  if (error instanceof ApprovalError) return error;
  const failure = postgresFailure(error);
  return new ApprovalError('APPROVAL_STORE_FAILED', '*', `Could not migrate schema \`${schema}\`: ${failure.summary}`, {
    cause: error,
    details: { schema, kind: failure.kind, sqlState: failure.sqlState },
  });
}
