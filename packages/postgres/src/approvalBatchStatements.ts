/** The columns of the `approvals` table a write sets, besides `id`. */
const SET = 'seal, body, status, capability, tenant_id, requested_ms, expires_ms';

/**
 * One statement that creates many approvals: `$1`…`$8` are arrays (id, seal, body, status, capability, tenant_id,
 * requested_ms, expires_ms). An id that exists is skipped (`ON CONFLICT DO NOTHING`, waiting as a unique index
 * does for a concurrent insert); the ids inserted are returned.
 *
 * @internal
 */
export function createManyStatement(table: string): string {
  return `INSERT INTO ${table} (id, ${SET})
SELECT v.id, v.seal, v.body::json, v.status, v.capability, v.tenant_id, v.requested_ms, v.expires_ms
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
  AS v(id, seal, body, status, capability, tenant_id, requested_ms, expires_ms)
ON CONFLICT (id) DO NOTHING
RETURNING id`;
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
  return `UPDATE ${table} AS t SET seal = v.seal, body = v.body::json, status = v.status, capability = v.capability,
  tenant_id = v.tenant_id, requested_ms = v.requested_ms, expires_ms = v.expires_ms
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
  $9::bigint[], $10::text[])
  AS v(id, expected_seal, seal, body, status, capability, tenant_id, requested_ms, expires_ms, expected_body)
WHERE t.id = v.id AND t.seal = v.expected_seal AND (v.expected_body IS NULL OR t.body::text = v.expected_body)
RETURNING t.id`;
}

/** The columns of `rows` (arrays of equal length) as parameters, one array per column. */
export function columnArrays(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column] ?? null));
}
