import { createHash } from 'node:crypto';

/** The columns of the `approvals` table a write sets, besides `id`. */
const SET = 'seal, body, status, capability, tenant_id, requested_ms, expires_ms';

/** What a batch's parameters carry per column: an array of texts or numbers, bodies joined, or their hashes. */
type ColumnKind = 'text' | 'bigint' | 'bodies' | 'hashes';

/** The columns of a batch of creates: id, seal, body, status, capability, tenant_id, requested_ms, expires_ms. */
const CREATE_COLUMNS: readonly ColumnKind[] = ['text', 'text', 'bodies', 'text', 'text', 'text', 'bigint', 'bigint'];
/**
 * The columns of a batch of compare-and-sets: id, expected seal, seal, body, status, capability, tenant_id,
 * requested_ms, expires_ms, and the SHA-256 of the expected body (or null).
 */
const UPDATE_COLUMNS: readonly ColumnKind[] = [
  'text',
  'text',
  'text',
  'bodies',
  'text',
  'text',
  'text',
  'bigint',
  'bigint',
  'hashes',
];

/**
 * The placeholders `$from`, `$from + 1`…, one per column. Bodies go as one text, joined by newlines (JSON as Brane
 * writes it never holds a raw one) and split by `string_to_array`: as an array, node-postgres escaped every quote
 * of every body in JavaScript. The expected bodies of compare-and-sets go as their SHA-256, 64 characters instead of
 * the whole record, with the empty text for none.
 */
function params(from: number, columns: readonly ColumnKind[]): string {
  return columns
    .map((kind, i) =>
      kind === 'bodies'
        ? `string_to_array($${from + i}::text, E'\\n')`
        : kind === 'hashes'
          ? `string_to_array($${from + i}::text, ',', '')`
          : `$${from + i}::${kind}[]`,
    )
    .join(', ');
}

function insertMany(table: string, from: number): string {
  return `INSERT INTO ${table} (id, ${SET})
SELECT v.id, v.seal, v.body::json, v.status, v.capability, v.tenant_id, v.requested_ms, v.expires_ms
FROM unnest(${params(from, CREATE_COLUMNS)})
  AS v(id, seal, body, status, capability, tenant_id, requested_ms, expires_ms)
ON CONFLICT (id) DO NOTHING
RETURNING id`;
}

function updateMany(table: string, from: number): string {
  return `UPDATE ${table} AS t SET seal = v.seal, body = v.body::json, status = v.status, capability = v.capability,
  tenant_id = v.tenant_id, requested_ms = v.requested_ms, expires_ms = v.expires_ms
FROM unnest(${params(from, UPDATE_COLUMNS)})
  AS v(id, expected_seal, seal, body, status, capability, tenant_id, requested_ms, expires_ms, expected_hash)
WHERE t.id = v.id AND t.seal = v.expected_seal
  AND (v.expected_hash IS NULL OR encode(sha256(convert_to(t.body::text, 'UTF8')), 'hex') = v.expected_hash)
RETURNING t.id`;
}

/**
 * One statement that creates many approvals, from {@link createParams}. An id that exists is skipped (`ON CONFLICT
 * DO NOTHING`, waiting as a unique index does for a concurrent insert); the ids inserted are returned.
 *
 * @internal
 */
export function createManyStatement(table: string): string {
  return insertMany(table, 1);
}

/**
 * One statement of many compare-and-set updates, from {@link updateParams}, each the single-row one (`WHERE id = …
 * AND seal = …`, and the expected body, compared by its SHA-256, when one is given). Each id appears once; the ids
 * whose row matched (and changed) are returned.
 *
 * @internal
 */
export function updateManyStatement(table: string): string {
  return updateMany(table, 1);
}

/**
 * Creates and compare-and-sets in one statement, so that they share one commit: the creates' parameters first, then
 * the updates'. Each id appears once in the whole batch, so the two parts never touch one row; the ids inserted or
 * changed are returned.
 *
 * @internal
 */
export function writeManyStatement(table: string): string {
  return `WITH created AS (
${insertMany(table, 1)}
), updated AS (
${updateMany(table, 1 + CREATE_COLUMNS.length)}
)
SELECT id FROM created UNION ALL SELECT id FROM updated`;
}

/** Whether `rows` can go in a batch: no body holds a raw newline (canonical JSON never does; if one did, each goes alone). */
export function batchable(rows: readonly (readonly unknown[])[], bodyColumn: number): boolean {
  return rows.every((row) => !(row[bodyColumn] as string).includes('\n'));
}

/** The parameters of a batch of creates (rows: id, seal, body, the columns). */
export function createParams(rows: readonly (readonly unknown[])[]): unknown[] {
  return columnParams(rows, CREATE_COLUMNS);
}

/** The parameters of a batch of compare-and-sets (rows: id, expected seal, seal, body, the columns, expected body). */
export function updateParams(rows: readonly (readonly unknown[])[]): unknown[] {
  return columnParams(rows, UPDATE_COLUMNS);
}

function columnParams(rows: readonly (readonly unknown[])[], columns: readonly ColumnKind[]): unknown[] {
  return columns.map((kind, column) => {
    if (kind === 'bodies') return rows.map((row) => row[column] as string).join('\n');
    if (kind === 'hashes') {
      return rows
        .map((row) => {
          const body = row[column];
          return typeof body === 'string' ? createHash('sha256').update(body, 'utf8').digest('hex') : '';
        })
        .join(',');
    }
    return rows.map((row) => row[column] ?? null);
  });
}
