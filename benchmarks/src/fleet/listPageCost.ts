import type { ApprovalStore } from '@brane/approvals';
import type pg from 'pg';

/** What a page of `list` costs over a large table. */
export interface ListPageCost {
  readonly rows: number;
  /** Milliseconds per page of 100 pending approvals of one tenant, from the start. */
  readonly firstPageMs: number;
  /** The same, from a cursor half-way through the ids. */
  readonly deepPageMs: number;
  /** Milliseconds per page of 100 approvals of any state, from a cursor half-way through. */
  readonly deepUnfilteredMs: number;
}

/**
 * Fills `<schema>.approvals` with `rows` records (written by SQL: one in five pending, 100 tenants, each with pending records throughout), then times
 * pages of `store.list` (the store's filters and keyset, without the service's seal checks).
 */
export async function listPageCost(
  pool: pg.Pool,
  schema: string,
  store: ApprovalStore,
  rows: number,
): Promise<ListPageCost> {
  const statuses = `(ARRAY['pending','approved','rejected','executing','completed'])[1 + i % 5]`;
  await pool.query(
    `INSERT INTO "${schema}".approvals (id, seal, body, status, capability, tenant_id, requested_ms, expires_ms)
     SELECT id, 'seal', json_build_object('id', id, 'status', ${statuses}, 'tenantId', 't' || (i / 7 % 100), 'seal', 'seal'),
            ${statuses}, 'refund_customer', 't' || (i / 7 % 100), 1700000000000 + i, 4000000000000
     FROM (SELECT i, 'S' || lpad(i::text, 12, '0') AS id FROM generate_series(1, $1) AS i) AS s`,
    [rows],
  );
  await pool.query(`ANALYZE "${schema}".approvals`);
  const middle = `S${String(Math.floor(rows / 2)).padStart(12, '0')}`;
  const time = async (page: () => Promise<unknown>): Promise<number> => {
    await page();
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await page();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
  };
  const now = 1_800_000_000_000;
  return {
    rows,
    firstPageMs: await time(() => store.list({ state: 'pending', tenantId: 't7', now, limit: 101 })),
    deepPageMs: await time(() => store.list({ state: 'pending', tenantId: 't7', now, limit: 101, cursor: middle })),
    deepUnfilteredMs: await time(() => store.list({ limit: 101, cursor: middle })),
  };
}
