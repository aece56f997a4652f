import { PostgresAuditLog } from '@brane/postgres';
import { redactedUrl } from './approvalLocation.js';

/** A PostgreSQL audit trail the CLI opened, what to call it in output, and how to close it. */
export interface OpenedAuditLog {
  readonly log: PostgresAuditLog;
  /** The URL (without its password) and schema, for people. */
  readonly where: string;
  /** `{ store, schema }`, for `--json`. */
  readonly json: Readonly<Record<string, string>>;
}

/**
 * Opens the audit trail of the database at `url`, on one connection, runs `use` on it and closes it.
 *
 * @example
 * await withAuditLog(url, undefined, ({ log }) => log.tail(20));
 */
export async function withAuditLog<T>(
  url: string,
  schema: string | undefined,
  use: (opened: OpenedAuditLog) => Promise<T>,
): Promise<T> {
  const log = new PostgresAuditLog({ connectionString: url, schema, maxConnections: 1 });
  const store = redactedUrl(url);
  try {
    return await use({ log, where: `${store} (schema ${log.schema})`, json: { store, schema: log.schema } });
  } finally {
    await log.close();
  }
}
