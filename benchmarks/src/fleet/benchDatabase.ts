import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the fleet benchmarks use, when one answers, with a schema of their own. */
export interface BenchDatabase {
  readonly url: string;
  readonly host: string;
  readonly schema: string;
  /** Drops the schema. */
  drop(): Promise<void>;
}

/** `BRANE_DATABASE_URL`, else `BRANE_TEST_DATABASE_URL`, else the local server. */
export function benchDatabaseUrl(): string {
  return (
    process.env['BRANE_DATABASE_URL'] ||
    process.env['BRANE_TEST_DATABASE_URL'] ||
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** The database, or the reason there is none: the fleet benchmarks measure a real server, never an emulation. */
export async function openBenchDatabase(): Promise<BenchDatabase | { readonly unreachable: string }> {
  const url = benchDatabaseUrl();
  const host = new URL(url).host;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    return { unreachable: `no PostgreSQL server answered at ${host} (${(error as Error).message})` };
  } finally {
    await client.end().catch(() => undefined);
  }
  const schema = `brane_bench_${randomBytes(4).toString('hex')}`;
  return {
    url,
    host,
    schema,
    drop: async () => {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
