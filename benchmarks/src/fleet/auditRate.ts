import { Runtime } from '@brane/sdk';
import { PostgresAuditSink } from '@brane/postgres';
import type pg from 'pg';

/** Actions audited into PostgreSQL per second by one process, commit of every record included. */
export interface AuditRate {
  readonly perSecond: number;
  readonly actions: number;
}

/**
 * One process, one runtime whose only sink is a `PostgresAuditSink` on `pool` (async durability; `streams`: the
 * sink's, its default when left out): an async capability called 64 at a time for `durationMs`, then
 * `runtime.close()`, which waits for every record's commit. The rate counts the close: it is what the table
 * sustains, not what the queue absorbs.
 */
export async function auditRate(
  pool: pg.Pool,
  schema: string,
  durationMs: number,
  streams?: number,
): Promise<AuditRate> {
  const runtime = new Runtime({
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: 'sam@support',
    audit: { sinks: [new PostgresAuditSink({ pool, schema, streams })] },
  });
  const lookup = runtime.capability({ name: 'crm.lookup', risk: 'low' }, (customerId: string) =>
    Promise.resolve(customerId),
  );
  const started = performance.now();
  const until = started + durationMs;
  let actions = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < until) {
        await lookup(`cust_${actions++}`);
      }
    }),
  );
  await runtime.close();
  const elapsed = performance.now() - started;
  return { perSecond: (actions / elapsed) * 1000, actions };
}
