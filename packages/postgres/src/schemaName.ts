import { BraneError, describeValue } from '@brane/errors';

/** The schema Brane's tables live in unless told otherwise. */
export const DEFAULT_SCHEMA = 'brane';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `schema` if it is a schema name Brane accepts: a letter or `_`, then letters, digits or `_`, at most 63 in all
 * (PostgreSQL's limit), not starting with `pg_` (reserved). Throws an `INVALID_ARGUMENT` `BraneError` otherwise.
 * Brane always quotes it, so it is case-sensitive: `Brane` and `brane` are different schemas.
 */
export function schemaName(schema: unknown, where?: string): string {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema) || schema.toLowerCase().startsWith('pg_')) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where === undefined ? '' : `${where}: `}\`schema\` must be a schema name: a letter or \`_\`, then up to 62 letters, digits or \`_\`, not starting with \`pg_\` (got ${describeValue(schema)})`,
      { details: { argument: 'schema' } },
    );
  }
  return schema;
}

/** `name` quoted as a PostgreSQL identifier. Only for names {@link schemaName} (or Brane's code) vouched for. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
