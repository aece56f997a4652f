/**
 * What kind of failure a PostgreSQL error is, for messages and for deciding whether a write may have happened:
 * - `connection`: the connection could not be made, or was lost (a write in flight may or may not have committed);
 * - `timeout`: no answer in time (same);
 * - `serialization`: a serialization failure or deadlock: the transaction was rolled back;
 * - `constraint`: a constraint refused the row (a duplicate key, say);
 * - `schema`: a table or schema is missing: the database was not migrated;
 * - `query`: any other error the server or the client reported.
 */
export type PostgresFailureKind = 'connection' | 'timeout' | 'serialization' | 'constraint' | 'schema' | 'query';

/** A PostgreSQL error, classified. */
export interface PostgresFailure {
  readonly kind: PostgresFailureKind;
  /** The SQLSTATE the server sent, if it sent one. */
  readonly sqlState: string | undefined;
  /** What happened, in a few words, with the driver's message. */
  readonly summary: string;
}

const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOENT', // a Unix socket path with no server behind it
]);
/** pg's own messages for a connection that failed or went away. */
const CONNECTION_MESSAGES =
  /Connection terminated|not queryable|Too many connections|Cannot use a pool after calling end/;
const TIMEOUT_MESSAGES = /timeout exceeded when trying to connect|Query read timeout|connection timeout|timed out/i;
/** SQLSTATEs of a lost or refused connection: class 08, the server shutting down or starting, too many clients. */
const CONNECTION_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
/** statement_timeout, lock_timeout, idle-in-transaction timeout. */
const TIMEOUT_STATES: ReadonlySet<string> = new Set(['57014', '55P03', '25P03']);
/** undefined table, undefined schema, undefined column, undefined function. */
const SCHEMA_STATES: ReadonlySet<string> = new Set(['42P01', '3F000', '42703', '42883']);

const DESCRIPTIONS: Readonly<Record<PostgresFailureKind, string>> = {
  connection: 'the connection to PostgreSQL failed or was lost',
  timeout: 'PostgreSQL did not answer in time',
  serialization: 'PostgreSQL rolled the transaction back (serialization failure or deadlock)',
  constraint: 'a PostgreSQL constraint refused the row',
  schema: 'the table is missing: run `brane db migrate` (or `migrate(pool)`) first',
  query: 'PostgreSQL reported an error',
};

/** Classifies `error`, as thrown by node-postgres (or by Brane's own deadline). */
export function postgresFailure(error: unknown): PostgresFailure {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  const message = typeof fields['message'] === 'string' ? fields['message'] : String(error);
  const sqlState = code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const kind = kindOf(code, sqlState, message);
  return { kind, sqlState, summary: `${DESCRIPTIONS[kind]}: ${message}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}` };
}

/** Whether a write that failed this way may nevertheless have committed. */
export function mayHaveCommitted(failure: PostgresFailure): boolean {
  return failure.kind === 'connection' || failure.kind === 'timeout';
}

function kindOf(code: string | undefined, sqlState: string | undefined, message: string): PostgresFailureKind {
  if (sqlState !== undefined) {
    if (CONNECTION_STATES.test(sqlState)) return 'connection';
    if (TIMEOUT_STATES.has(sqlState)) return 'timeout';
    if (sqlState === '40001' || sqlState === '40P01') return 'serialization';
    if (sqlState.startsWith('23')) return 'constraint';
    if (SCHEMA_STATES.has(sqlState)) return 'schema';
    return 'query';
  }
  if (TIMEOUT_MESSAGES.test(message)) return 'timeout';
  if ((code !== undefined && SOCKET_CODES.has(code)) || CONNECTION_MESSAGES.test(message)) return 'connection';
  return 'query';
}
