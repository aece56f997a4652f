import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { InMemoryLimitStore } from '@brane/limits';
import fc from 'fast-check';
import { propertyParameters } from './propertyRuns.js';

/*
 * A stream holding the only `concurrent` slot, its source slow (chunks up to twice the lease apart) and its consumer
 * reading it to the end, closing it early or abandoning it (dropped after a chunk, never closed). While it is read,
 * however long past its lease, a second stream is denied; once it ends or is closed, the slot is free at once; once
 * abandoned, the slot is free within two leases and a renewal interval (it used to lapse after one lease however the
 * stream was read, letting a second stream run beside it).
 */
jest.setTimeout(3 * 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a stream holding a concurrent slot (property)', () => {
  it('keeps it while read, gives it back when closed, and loses it once abandoned', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 3 }),
        fc.constantFrom('reads', 'closes', 'abandons'),
        async (leaseMs, delays, consumer) => {
          const store = new InMemoryLimitStore();
          const runtime = new Runtime({ limits: store });
          const stream = runtime.capability({ name: 'export', stream: true }, async function* () {
            for (const delay of delays) {
              await sleep(delay);
              yield delay;
            }
          });
          runtime.beforeCapability('export', { name: 'one' }, () =>
            Decision.allow().withLimits({ key: 'exports', kind: 'concurrent', max: 1, leaseMs }),
          );
          const second = async (): Promise<boolean> => {
            const it = stream()[Symbol.asyncIterator]();
            try {
              await it.next();
              await it.return(undefined);
              return true;
            } catch (error) {
              expect(error).toBeInstanceOf(CapabilityDeniedError);
              return false;
            }
          };
          const first = stream()[Symbol.asyncIterator]();
          await first.next();
          if (consumer === 'reads') {
            let done = false;
            const rest = (async () => {
              while (!(await first.next()).done);
              done = true;
            })();
            await sleep(delays.slice(1).reduce((a, b) => a + b, 0) / 2);
            if (!done) expect(store.usage('exports')?.used).toBe(1);
            await rest;
            expect(await second()).toBe(true);
          } else if (consumer === 'closes') {
            await first.return(undefined);
            expect(await second()).toBe(true);
          } else {
            const abandoned = Date.now();
            while ((store.usage('exports')?.used ?? 0) > 0) await sleep(10);
            // Renewed until it has waited a whole lease for its consumer: the last renewal then lasts one more lease.
            expect(Date.now() - abandoned).toBeLessThanOrEqual(2 * leaseMs + Math.max(50, leaseMs / 3) + 200);
            expect(await second()).toBe(true);
          }
        },
      ),
      propertyParameters(25),
    );
  });
});
