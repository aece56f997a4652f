import { PostgresAuditLog } from '@brane/postgres';
import type pg from 'pg';

/** What `brane audit query --tenant T --since D` costs over a large audit table. */
export interface AuditQueryCost {
  readonly rows: number;
  /** Events the query returns. */
  readonly matched: number;
  /** Milliseconds, median of 5 after one run. */
  readonly queryMs: number;
  /** How long generating the rows and their indexes took, in seconds. */
  readonly generateSeconds: number;
}

const TENANTS = 1_000;
const DAYS = 100;

/**
 * Fills `<schema>.audit_records` with `rows` records written by SQL (`generate_series`: 1,000 tenants, 100 days, one
 * stream), its indexes dropped meanwhile and built again after, then times `PostgresAuditLog.query` (the code
 * `brane audit query` runs) for one tenant over its last day.
 */
export async function auditQueryCost(pool: pg.Pool, schema: string, rows: number): Promise<AuditQueryCost> {
  const table = `"${schema}".audit_records`;
  const started = performance.now();
  const { rows: indexes } = await pool.query<{ indexdef: string; indexname: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'audit_records' AND indexname <> 'audit_records_pkey'`,
    [schema],
  );
  for (const index of indexes) await pool.query(`DROP INDEX "${schema}"."${index.indexname}"`);
  const base = Date.UTC(2026, 0, 1);
  const stepMs = Math.max(1, Math.floor((DAYS * 86_400_000) / rows));
  await pool.query(
    `INSERT INTO ${table} (stream, seq, prev, hash, time, type, capability, tenant_id, principal_id, action_id, outcome,
       phase, event_json, event)
     SELECT 'bench-generated', g, repeat('0', 64), repeat('0', 64), t, 'action', 'cap_' || (g % 50), 'tenant_' || (g % ${TENANTS}),
       'agent_' || (g % 200), 'act_' || g, CASE WHEN g % 10 = 0 THEN 'denied' ELSE 'allowed' END, 'completed', j::text, j
     FROM (
       SELECT g, t, jsonb_build_object('type', 'action', 'time', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'actionId', 'act_' || g, 'traceId', 'trace', 'capability', 'cap_' || (g % 50), 'tenantId', 'tenant_' || (g % ${TENANTS}),
         'principalId', 'agent_' || (g % 200), 'environment', 'prod', 'phase', 'completed',
         'outcome', CASE WHEN g % 10 = 0 THEN 'denied' ELSE 'allowed' END, 'policies', '[]'::jsonb, 'decisions', '{}'::jsonb,
         'durationMs', 0.1) AS j
       FROM (SELECT g, to_timestamp(($2::bigint + g * $3::bigint) / 1000.0) AS t FROM generate_series(1, $1::bigint) AS g) AS s
     ) AS r`,
    [rows, base, stepMs],
  );
  for (const index of indexes) await pool.query(index.indexdef);
  await pool.query(`ANALYZE ${table}`);
  const generateSeconds = (performance.now() - started) / 1000;
  const last = base + rows * stepMs;
  const since = new Date(last - 86_400_000).toISOString();
  const log = new PostgresAuditLog({ pool, schema });
  const query = () => log.query({ tenantId: 'tenant_7', since });
  const matched = (await query()).length;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const begun = performance.now();
    await query();
    times.push(performance.now() - begun);
  }
  const queryMs = times.sort((a, b) => a - b)[2] ?? Number.NaN;
  return { rows, matched, queryMs, generateSeconds };
}
