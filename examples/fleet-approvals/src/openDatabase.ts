import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The fleet's database for this run: a server's, or an embedded one, and how to let go of it. */
export interface DemoDatabase {
  /** A `postgres://` URL every process connects to. */
  readonly url: string;
  /** What it is, for people. */
  readonly description: string;
  /** A fresh schema for this run. */
  readonly schema: string;
  /** Drops the schema (on a server) or stops the embedded database. */
  close(): Promise<void>;
}

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a PostgreSQL server answers at `url` within two seconds. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The server of `BRANE_DATABASE_URL` (or `BRANE_TEST_DATABASE_URL`, or the local one) when it answers, in a
 * fresh schema dropped afterwards; else an embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly)
 * served over the wire protocol on 127.0.0.1, so the workers and the CLI connect to it as to any server.
 * PGlite is one session: the steps of the demo take turns, which they do anyway.
 */
export async function openDatabase(): Promise<DemoDatabase> {
  const schema = `fleet_demo_${randomBytes(4).toString('hex')}`;
  const env = process.env['BRANE_DATABASE_URL'] || process.env['BRANE_TEST_DATABASE_URL'] || LOCAL_SERVER;
  if (await answers(env)) {
    return {
      url: env,
      description: `the PostgreSQL server at ${new URL(env).host}`,
      schema,
      close: async () => {
        const pool = new pg.Pool({ connectionString: env, max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    description: `an embedded PostgreSQL (PGlite, no server answered at ${new URL(env).host})`,
    schema,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
