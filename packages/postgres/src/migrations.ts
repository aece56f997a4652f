import { createHash } from 'node:crypto';
import approvals from '../migrations/0001_approvals.sql';
import limits from '../migrations/0002_limits.sql';
import sessions from '../migrations/0003_sessions.sql';
import audit from '../migrations/0004_audit.sql';
import consoleTables from '../migrations/0005_console.sql';
import limitIds from '../migrations/0006_limit_ids.sql';
import limitTokens from '../migrations/0007_limit_tokens.sql';

/** One versioned migration: a SQL file of `migrations/`, applied once per schema, in version order. */
export interface Migration {
  readonly version: number;
  /** The file name without `.sql`, such as `0001_approvals`. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 (hex) of `sql`: a migration applied with another text was edited after the fact. */
  readonly checksum: string;
}

function migration(name: string, sql: string): Migration {
  const version = Number.parseInt(name.slice(0, 4), 10);
  return Object.freeze({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
}

/**
 * Every migration this version of the package ships, in order. Migrations only add (tables, columns, indexes),
 * so that processes still running the previous version keep working while a fleet rolls forward.
 *
 * @internal
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  migration('0001_approvals', approvals),
  migration('0002_limits', limits),
  migration('0003_sessions', sessions),
  migration('0004_audit', audit),
  migration('0005_console', consoleTables),
  migration('0006_limit_ids', limitIds),
  migration('0007_limit_tokens', limitTokens),
]);
