/** The columns of the `approvals` table a write sets, besides `id`. */
const SET = 'seal, body, status, capability, tenant_id, requested_ms, expires_ms';

/** How many parameters (arrays) a batch of creates takes. @internal */
export const CREATE_WIDTH = 8;
/** How many parameters (arrays) a batch of compare-and-sets takes. @internal */
export const UPDATE_WIDTH = 10;

/** The placeholders `$from`, `$from + 1`…, one per type, each cast to an array of its type. */
function params(from: number, types: readonly string[]): string {
  return types.map((type, i) => `$${from + i}::${type}[]`).join(', ');
}

function insertMany(table: string, from: number): string {
  const arrays = params(from, ['text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint']);
  return `INSERT INTO ${table} (id, ${SET})
SELECT v.id, v.seal, v.body::json, v.status, v.capability, v.tenant_id, v.requested_ms, v.expires_ms
FROM unnest(${arrays})
  AS v(id, seal, body, status, capability, tenant_id, requested_ms, expires_ms)
ON CONFLICT (id) DO NOTHING
RETURNING id`;
}

function updateMany(table: string, from: number): string {
  const arrays = params(from, ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text']);
  return `UPDATE ${table} AS t SET seal = v.seal, body = v.body::json, status = v.status, capability = v.capability,
  tenant_id = v.tenant_id, requested_ms = v.requested_ms, expires_ms = v.expires_ms
FROM unnest(${arrays})
  AS v(id, expected_seal, seal, body, status, capability, tenant_id, requested_ms, expires_ms, expected_body)
WHERE t.id = v.id AND t.seal = v.expected_seal AND (v.expected_body IS NULL OR t.body::text = v.expected_body)
RETURNING t.id`;
}

/**
 * One statement that creates many approvals: `$1`…`$8` are arrays (id, seal, body, status, capability, tenant_id,
 * requested_ms, expires_ms). An id that exists is skipped (`ON CONFLICT DO NOTHING`, waiting as a unique index
 * does for a concurrent insert); the ids inserted are returned.
 *
 * @internal
 */
export function createManyStatement(table: string): string {
  return insertMany(table, 1);
}

/**
 * One statement of many compare-and-set updates, each the single-row one (`WHERE id = … AND seal = …`, and
 * `AND body::text = …` when an expected body is given): `$1`…`$10` are arrays (id, expected seal, seal, body,
 * status, capability, tenant_id, requested_ms, expires_ms, expected body or null). Each id appears once; the ids
 * whose row matched (and changed) are returned.
 *
 * @internal
 */
export function updateManyStatement(table: string): string {
  return updateMany(table, 1);
}

/**
 * Creates and compare-and-sets in one statement, so that they share one commit: `$1`…`$8` are the creates' arrays
 * (as {@link createManyStatement}), `$9`…`$18` the updates' (as {@link updateManyStatement}). Each id appears
 * once in the whole batch, so the two parts never touch one row; the ids inserted or changed are returned.
 *
 * @internal
 */
export function writeManyStatement(table: string): string {
  return `WITH created AS (
${insertMany(table, 1)}
), updated AS (
${updateMany(table, 1 + CREATE_WIDTH)}
)
SELECT id FROM created UNION ALL SELECT id FROM updated`;
}

/** The columns of `rows` (arrays of equal length) as parameters, one array per column. */
export function columnArrays(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column] ?? null));
}
