import type { AuditEvent } from '@brane/audit';
import { PostgresAuditLog, PostgresAuditSink } from '@brane/postgres';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { propertyParameters } from './propertyRuns';
import { switchablePool } from '../../packages/postgres/test/harness/switchablePool';

type Step = 'down' | 'up' | 'write' | 'tick';
const step = fc.constantFrom<Step>('down', 'up', 'write', 'write', 'write', 'tick');
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
        for (const item of steps) {
          if (item === 'down') {
            state.down = true;
            outages += 1;
          } else if (item === 'up') {
            state.down = false;
          } else if (item === 'tick') {
            await turn();
          } else {
            n += 1;
            const number = n;
            const sawOutage = state.down;
            const before = outages;
            const event = { type: 'outage.test', n: number } as unknown as AuditEvent;
            writes.push(
              sink.write([event]).catch(() => {
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
          const [verification] = await log.verify({ stream: sink.stream });
          expect(verification).toMatchObject({ ok: true, records: n });
        }
        await sink.close();
      }),
      propertyParameters(40),
    );
  });
});
