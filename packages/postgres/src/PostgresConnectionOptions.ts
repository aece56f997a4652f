import type { PostgresPool } from './PostgresPool.js';

/**
 * Where a PostgreSQL store of Brane keeps its tables: give `pool` (yours, shared, never closed by Brane) or
 * `connectionString` (Brane opens a pool of `maxConnections` and closes it in `close()`), not both.
 */
export interface PostgresConnectionOptions {
  /** Your `pg.Pool`. Brane runs its queries through it and never ends it; attach your own `error` listener. */
  readonly pool?: PostgresPool | undefined;
  /** A `postgres://` URL: Brane opens a `pg.Pool` for it, and ends it when the store closes. */
  readonly connectionString?: string | undefined;
  /** The size of the pool Brane opens from `connectionString`. Default 10. */
  readonly maxConnections?: number | undefined;
  /** The schema of Brane's tables (see `migrate`). Default `brane`. */
  readonly schema?: string | undefined;
  /**
   * How long one query may take, waiting for a connection included, before it fails as a timeout. Default
   * 10,000 ms. A pool Brane opens also gets it as the server's `statement_timeout`.
   */
  readonly timeoutMs?: number | undefined;
}
