import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileApprovalStore, InMemoryApprovalStore } from '@brane/approvals';
import { migrate, PostgresApprovalStore } from '@brane/postgres';
import pg from 'pg';
import { auditQueryCost, type AuditQueryCost } from '../fleet/auditQueryCost.js';
import { auditRate, type AuditRate } from '../fleet/auditRate.js';
import { openBenchDatabase } from '../fleet/benchDatabase.js';
import { lifecycleRate, type LifecycleRate } from '../fleet/lifecycleRate.js';
import { listPageCost, type ListPageCost } from '../fleet/listPageCost.js';
import type { BenchOptions } from '../measure.js';

/** Concurrent workers of the lifecycle benchmark. */
export const FLEET_WORKERS = 8;

/** The fleet benchmarks: the approval lifecycle on each store, and list pages over a large PostgreSQL table. */
export type FleetResults =
  | { readonly ran: false; readonly reason: string }
  | {
      readonly ran: true;
      readonly host: string;
      readonly postgres: LifecycleRate;
      readonly file: LifecycleRate;
      readonly memory: LifecycleRate;
      readonly list: ListPageCost;
      /** One process auditing into PostgreSQL, async durability (the sink's default streams). */
      readonly audit: AuditRate;
      /** The same with one stream (`streams: 1`): the reference the default is compared with. */
      readonly auditOneStream: AuditRate;
      /** `brane audit query --tenant T --since D` over a large table; long runs only (`BRANE_BENCH_LONG=1`). */
      readonly auditQuery: AuditQueryCost | { readonly skipped: string };
    };

/** Rows of the audit query benchmark: 10 million with `BRANE_BENCH_LONG=1`, 20,000 when quick. */
function auditQueryRows(quick: boolean): number | undefined {
  if (quick) return 20_000;
  return process.env['BRANE_BENCH_LONG'] === '1' ? 10_000_000 : undefined;
}

/**
 * The approval lifecycle (request, approve, claim, complete) with {@link FLEET_WORKERS} concurrent workers on
 * PostgreSQL (a pool of as many connections), beside the same on the embedded file and memory stores; and what
 * a page of `list` costs over a large table. Needs a PostgreSQL server; says so when none answers.
 */
export async function fleetSuite(options: BenchOptions): Promise<FleetResults> {
  const database = await openBenchDatabase();
  if ('unreachable' in database) return { ran: false, reason: database.unreachable };
  const durationMs = options.quick ? 300 : 10_000;
  const pool = new pg.Pool({ connectionString: database.url, max: FLEET_WORKERS });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-bench-approvals-'));
  try {
    await migrate(pool, { schema: database.schema });
    const postgres = new PostgresApprovalStore({ pool, schema: database.schema });
    const rates = {
      postgres: await lifecycleRate(postgres, FLEET_WORKERS, durationMs),
      file: await lifecycleRate(new FileApprovalStore({ directory }), FLEET_WORKERS, durationMs),
      memory: await lifecycleRate(new InMemoryApprovalStore(), FLEET_WORKERS, durationMs),
    };
    await pool.query(`TRUNCATE "${database.schema}".approvals`);
    const list = await listPageCost(pool, database.schema, postgres, options.quick ? 10_000 : 1_000_000);
    const audit = await auditRate(pool, database.schema, durationMs);
    await pool.query(`TRUNCATE "${database.schema}".audit_records, "${database.schema}".audit_streams`);
    const auditOneStream = await auditRate(pool, database.schema, durationMs, 1);
    await pool.query(`TRUNCATE "${database.schema}".audit_records, "${database.schema}".audit_streams`);
    const queryRows = auditQueryRows(options.quick);
    const auditQuery =
      queryRows === undefined
        ? { skipped: 'set BRANE_BENCH_LONG=1 to generate 10 million rows (minutes) and time the query' }
        : await auditQueryCost(pool, database.schema, queryRows);
    return { ran: true, host: database.host, ...rates, list, audit, auditOneStream, auditQuery };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
    await pool.end();
    await database.drop();
  }
}
