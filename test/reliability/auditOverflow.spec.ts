import fc from 'fast-check';
import type { AuditEvent, AuditSink } from '@brane/audit';
import { Runtime } from '@brane/core';
import { propertyParameters, reportFigures } from './propertyRuns';

/** A remote sink (no `writeSync`) that refuses every write while `down`, as a database that stopped answering. */
function remoteSink(): AuditSink & { down: boolean; readonly written: AuditEvent[] } {
  const sink = {
    name: 'remote',
    down: true,
    written: [] as AuditEvent[],
    write(events: readonly AuditEvent[]): Promise<void> {
      if (sink.down) return Promise.reject(new Error('connect ECONNREFUSED'));
      sink.written.push(...events);
      return Promise.resolve();
    },
  };
  return sink;
}

const argsOf = (events: readonly AuditEvent[]): number[] =>
  events
    .filter((event) => event.type === 'action' && (event as { outcome?: string }).outcome === 'allowed')
    .map((event) => (event as unknown as { args: { n: number } }).args.n);

describe('audit overflow rules while a remote sink does not answer', () => {
  it('fail-closed runs at most bufferSize actions, block runs all, drop runs all; every record that was kept arrives once, in order', async () => {
    const figures = { runs: 0, refused: 0, ran: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('fail-closed' as const, 'block' as const, 'drop' as const),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 20 }),
        async (overflow, bufferSize, calls) => {
          const sink = remoteSink();
          const runtime = new Runtime({ environment: 'test', audit: { sinks: [sink], overflow, bufferSize } });
          const ran: number[] = [];
          const step = runtime.capability({ name: 'step' }, async (n: number) => {
            ran.push(n);
            await Promise.resolve();
            return n;
          });
          const pending: Promise<unknown>[] = [];
          let refused = 0;
          for (let n = 0; n < calls; n += 1) {
            const call = step(n).catch((error: unknown) => {
              if ((error as { code?: string }).code !== 'AUDIT_BUFFER_FULL') throw error;
              refused += 1;
            });
            pending.push(call);
            await Promise.race([call, new Promise((resolve) => setImmediate(resolve))]);
          }
          sink.down = false;
          await Promise.all(pending);
          await runtime.close();
          const recorded = argsOf(sink.written);
          if (overflow === 'fail-closed') {
            expect(ran.length).toBeLessThanOrEqual(bufferSize);
            expect(ran.length + refused).toBe(calls);
            expect(recorded).toStrictEqual(ran);
          } else if (overflow === 'block') {
            expect(ran).toHaveLength(calls);
            expect(recorded).toStrictEqual(ran);
          } else {
            expect(ran).toHaveLength(calls);
            expect(recorded.length).toBeLessThanOrEqual(calls);
            expect(ran.filter((n) => recorded.includes(n))).toStrictEqual(recorded);
          }
          figures.runs += 1;
          figures.refused += refused;
          figures.ran += ran.length;
        },
      ),
      propertyParameters(60),
    );
    reportFigures('audit overflow', figures);
  }, 120_000);
});
