/** The rows and row count of a query, as node-postgres returns them. */
export interface PostgresResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number | null;
}

/**
 * A query with its parameters, node-postgres's client-side read timeout, and for a statement sent again and again
 * the name to prepare it under (a pool that does not prepare statements may ignore it).
 */
export interface PostgresQuery {
  readonly text: string;
  readonly name?: string;
  readonly values?: unknown[];
  readonly query_timeout?: number;
}

/** One connection checked out of a {@link PostgresPool}. */
export interface PostgresPoolClient {
  query(query: PostgresQuery): Promise<PostgresResult<Record<string, unknown>>>;
  /** Returns the connection to the pool; with an error, the pool discards it instead. */
  release(error?: Error | boolean): void;
}

/**
 * What Brane uses of a `pg.Pool` (node-postgres 8): a `pg.Pool` fits, and so does any pool with the same
 * methods. Brane runs every query through it, so it never holds more connections than the pool allows.
 */
export interface PostgresPool {
  query(query: PostgresQuery): Promise<PostgresResult<Record<string, unknown>>>;
  connect(): Promise<PostgresPoolClient>;
  end(): Promise<void>;
}
