import { createHash } from 'node:crypto';
import { BraneError, describeValue } from '@brane/errors';
import pg from 'pg';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import type { PostgresPool, PostgresResult } from './PostgresPool.js';
import { DEFAULT_SCHEMA, quoteIdentifier, schemaName } from './schemaName.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONNECTIONS = 10;
const KEYS: ReadonlySet<string> = new Set(['pool', 'connectionString', 'maxConnections', 'schema', 'timeoutMs']);

/** A query that did not settle within the deadline: classified as a `timeout` by `postgresFailure`. */
class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * The pool a PostgreSQL store runs its queries through, and the schema of its tables. Shared by every
 * PostgreSQL store of Brane: it owns the pool only when it opened it from a connection string, and then ends
 * it on {@link close}; a pool it was given is the caller's, and is never ended.
 *
 * @internal
 */
export class PostgresConnection {
  /** The schema, validated. */
  readonly schema: string;
  /** The schema, quoted for SQL. */
  readonly quotedSchema: string;
  readonly timeoutMs: number;
  readonly #pool: PostgresPool;
  readonly #owned: boolean;
  #closed = false;

  constructor(options: PostgresConnectionOptions, label: string) {
    if (typeof options !== 'object' || options === null) throw invalid(label, 'options', 'an object', options);
    for (const key of Object.keys(options)) {
      if (!KEYS.has(key)) throw invalid(label, key, `one of ${[...KEYS].join(', ')}`, key);
    }
    const { pool, connectionString, maxConnections, schema = DEFAULT_SCHEMA, timeoutMs } = options;
    this.schema = schemaName(schema, label);
    this.quotedSchema = quoteIdentifier(this.schema);
    this.timeoutMs = positiveInteger(timeoutMs, DEFAULT_TIMEOUT_MS, label, 'timeoutMs');
    if ((pool === undefined) === (connectionString === undefined)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${label}: give exactly one of \`pool\` (a pg.Pool) and \`connectionString\` (got ${pool === undefined ? 'neither' : 'both'})`,
      );
    }
    if (pool !== undefined) {
      if (maxConnections !== undefined) {
        throw invalid(label, 'maxConnections', 'left out with `pool` (size your pool yourself)', maxConnections);
      }
      if (!isPool(pool)) throw invalid(label, 'pool', 'a pg.Pool (query, connect and end)', pool);
      this.#pool = pool;
      this.#owned = false;
    } else {
      if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString)) {
        // Never echo the string: it may hold a password.
        const got = typeof connectionString === 'string' ? 'a string that is not one' : describeValue(connectionString);
        throw new BraneError(
          'INVALID_ARGUMENT',
          `${label}: \`connectionString\` must be a postgres:// URL (got ${got})`,
          {
            details: { argument: 'connectionString' },
          },
        );
      }
      this.#pool = openPool(
        connectionString,
        positiveInteger(maxConnections, DEFAULT_MAX_CONNECTIONS, label, 'maxConnections'),
        this.timeoutMs,
      );
      this.#owned = true;
    }
  }

  /** Whether {@link close} ends the pool (Brane opened it from a connection string). */
  get ownsPool(): boolean {
    return this.#owned;
  }

  /** `name` qualified with the quoted schema, for SQL. */
  table(name: string): string {
    return `${this.quotedSchema}.${quoteIdentifier(name)}`;
  }

  /**
   * Runs one statement through the pool. Rejects with node-postgres's error, or with a timeout once
   * {@link timeoutMs} pass (waiting for a connection included); classify it with `postgresFailure`. With
   * `prepared`, the statement is parsed and planned once per connection (a named prepared statement, named after
   * its text) rather than on every call: for the statements a store sends again and again.
   */
  async query<Row = Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
    prepared = false,
  ): Promise<PostgresResult<Row>> {
    if (this.#closed) throw new Error('Cannot use a pool after calling end on the pool (the store was closed)');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new DeadlineError(`no answer within ${this.timeoutMs} ms: timed out`));
      }, this.timeoutMs);
    });
    try {
      const name = prepared ? statementName(text) : undefined;
      const running = this.#pool.query({
        text,
        values,
        query_timeout: this.timeoutMs,
        ...(name === undefined ? {} : { name }),
      });
      running.catch(() => undefined); // after the deadline, its failure is no longer anyone's
      return (await Promise.race([running, deadline])) as PostgresResult<Row>;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The pool, for work that needs one connection throughout (migrations). */
  get pool(): PostgresPool {
    return this.#pool;
  }

  /** Ends the pool if Brane opened it; a pool it was given stays open. Later queries fail. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#pool.end();
  }
}

/** `url` with its password replaced by `***`, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

const statementNames = new Map<string, string>();

/** The name of the prepared statement of `text`: the same text always has the same name, and no other text has it. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `brane_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (statementNames.size >= 1_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

function openPool(connectionString: string, max: number, timeoutMs: number): PostgresPool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'brane',
  });
  // An idle connection the server drops (a restart, a failover) is removed from the pool and reported here;
  // without a listener it would crash the process. The next query opens a new connection.
  pool.on('error', () => undefined);
  return pool;
}

function isPool(value: unknown): value is PostgresPool {
  const pool = value as Record<string, unknown> | null;
  return (
    typeof pool === 'object' &&
    pool !== null &&
    ['query', 'connect', 'end'].every((name) => typeof pool[name] === 'function')
  );
}

function positiveInteger(value: unknown, fallback: number, label: string, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalid(label, name, 'a positive integer', value);
  return value as number;
}

function invalid(label: string, name: string, expected: string, got: unknown): BraneError {
  return new BraneError('INVALID_ARGUMENT', `${label}: \`${name}\` must be ${expected} (got ${describeValue(got)})`, {
    details: { argument: name },
  });
}
