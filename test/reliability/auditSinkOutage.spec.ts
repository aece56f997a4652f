import type { AuditEvent } from '@brane/audit';
import { PostgresAuditLog, PostgresAuditSink } from '@brane/postgres';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { propertyParameters } from './propertyRuns';
import { switchablePool } from '../../packages/postgres/test/harness/switchablePool';

type Step = 'down' | 'up' | 'write' | 'batch' | 'again' | 'tick';
const step = fc.constantFrom<Step>('down', 'up', 'write', 'write', 'write', 'batch', 'again', 'tick');
/** Events in a `batch` step: enough to be split between the sink's streams. */
const BATCH = 150;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describeWithDatabase('a sink whose database goes away and comes back', (db) => {
  it('rejects a write only for an outage it lived through: one made while the database answers, and answering until it settles, is committed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const state = { down: false };
        const sink = new PostgresAuditSink({ pool: switchablePool(db().pool, state), schema: db().schema });
        /** Outages so far: a write that saw none between its start and its end must not fail. */
        let outages = 0;
        const spurious: number[] = [];
        const writes: Promise<void>[] = [];
        let n = 0;
        let last: AuditEvent[] = [];
        for (const item of steps) {
          if (item === 'down') {
            state.down = true;
            outages += 1;
          } else if (item === 'up') {
            state.down = false;
          } else if (item === 'tick') {
            await turn();
          } else {
            // `again` hands the last write's events over once more, as the dispatcher's queue does after a failure:
            // each must still be recorded once.
            const count = item === 'batch' ? BATCH : 1;
            const events =
              item === 'again'
                ? last
                : Array.from({ length: count }, () => ({ type: 'outage.test', n: ++n }) as unknown as AuditEvent);
            last = events;
            const number = n;
            const sawOutage = state.down;
            const before = outages;
            writes.push(
              sink.write(events).catch(() => {
                if (!sawOutage && outages === before && !state.down) spurious.push(number);
              }),
            );
          }
        }
        state.down = false;
        await Promise.all(writes);
        await sink.flush();
        expect(spurious).toEqual([]);
        if (n > 0) {
          const log = new PostgresAuditLog({ pool: db().pool, schema: db().schema });
          // The sink's writes may go to any of its streams: together they hold each record once, and each verifies.
          const verifications = (await Promise.all(sink.streams.map((stream) => log.verify({ stream })))).flat();
          expect(verifications.every((verification) => verification.ok)).toBe(true);
          expect(verifications.reduce((sum, verification) => sum + verification.records, 0)).toBe(n);
          const { rows } = await db().pool.query<{ n: string }>(
            `SELECT event_json::json->>'n' AS n FROM "${db().schema}".audit_records WHERE stream = ANY($1)`,
            [sink.streams],
          );
          expect(rows.map((row) => Number(row.n)).sort((a, b) => a - b)).toEqual(
            Array.from({ length: n }, (_, i) => i + 1),
          );
        }
        await sink.close();
      }),
      propertyParameters(40),
    );
  });
});
