import { Capability, Runtime } from '@brane/core';
import { Decision, type Limit } from '@brane/decisions';
import { InMemoryLimitStore, type AsyncLimitStore, type Reservation } from '@brane/limits';
import fc from 'fast-check';
import { propertyParameters } from './propertyRuns.js';

/*
 * A governed async call that holds a `concurrent` slot renews its lease every third of it while it runs, whatever
 * the lease (100 ms to 2^53 - 1 ms): never more often than every 50 ms (a timer's delay past 2^31 - 1 ms used to
 * become 1 ms, so a lease of 25 days or more was renewed about a thousand times a second), and its slot is released
 * exactly once when the call ends, whether it returns or throws.
 */
jest.setTimeout(2 * 60_000);

/** An in-memory store behind a promise that counts renewals and releases. */
class CountingStore implements AsyncLimitStore {
  readonly synchronous = false;
  renewed = 0;
  released = 0;
  readonly #inner = new InMemoryLimitStore();

  reserve(id: string, limits: readonly Limit[]) {
    return Promise.resolve(this.#inner.reserve(id, limits));
  }
  release(reservation: Reservation, indices: readonly number[]) {
    this.released++;
    this.#inner.release(reservation, indices);
    return Promise.resolve();
  }
  renew(reservation: Reservation) {
    this.renewed++;
    this.#inner.renew(reservation);
    return Promise.resolve();
  }
  usage(key: string) {
    return Promise.resolve(this.#inner.usage(key));
  }
}

describe('the lease of a concurrent slot held by a running call', () => {
  it('is renewed at most every 50 ms and a third of the lease, and released once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 100, max: 2_000 }),
          fc.integer({ min: 2 ** 31 - 5_000, max: Number.MAX_SAFE_INTEGER }),
        ),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        async (leaseMs, runsMs, fails) => {
          const store = new CountingStore();
          const runtime = new Runtime({ limits: store });
          runtime.beforeCapability('browse', { name: 'slots' }, () =>
            Decision.allow().withLimits({ key: 'browser', kind: 'concurrent', max: 1, leaseMs }),
          );
          class Browser {
            @Capability({ name: 'browse' })
            async browse(): Promise<string> {
              await new Promise((resolve) => setTimeout(resolve, runsMs));
              if (fails) throw new Error('page failed');
              return 'done';
            }
          }
          const started = Date.now();
          let ran = false;
          await runtime
            .govern(new Browser())
            .browse()
            .then(
              () => (ran = true),
              (error: unknown) => (ran = (error as Error).message === 'page failed'),
            );
          expect(ran).toBe(true);
          const elapsed = Date.now() - started;
          expect(store.renewed).toBeLessThanOrEqual(Math.floor(elapsed / Math.max(50, Math.floor(leaseMs / 3))) + 1);
          expect(store.released).toBe(1);
          expect((await store.usage('browser'))?.used ?? 0).toBe(0);
        },
      ),
      propertyParameters(40),
    );
  });
});
