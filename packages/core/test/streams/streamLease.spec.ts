// A stream holds its concurrent slot for as long as it is read: its lease is renewed, as an async call's is, so a
// stream read for longer than `leaseMs` does not lose its slot to another call.
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { InMemoryLimitStore } from '@brane/limits';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a stream holding a concurrent slot', () => {
  it('keeps it past its lease while it is read, and gives it back when it ends', async () => {
    const store = new InMemoryLimitStore();
    const runtime = new Runtime({ limits: store });
    const exportRows = runtime.capability({ name: 'export_rows', stream: true }, async function* (count: number) {
      for (let i = 0; i < count; i++) {
        if (i > 0) await sleep(200); // a slow source: each chunk takes longer than the lease
        yield i;
      }
    });
    runtime.beforeCapability('export_rows', { name: 'one_export' }, () =>
      Decision.allow().withLimits({ key: 'exports', kind: 'concurrent', max: 1, leaseMs: 150 }),
    );
    const first = exportRows(3)[Symbol.asyncIterator]();
    await first.next();
    const rest = (async () => {
      while (!(await first.next()).done);
    })();
    await sleep(320); // more than twice the lease, read all along
    expect(store.usage('exports')?.used).toBe(1);
    await expect(exportRows(1)[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(CapabilityDeniedError);
    await rest;
    expect(store.usage('exports')?.used ?? 0).toBe(0);
  });
});

describe('a stream its consumer abandons', () => {
  it('loses its slot once left unread, neither read nor closed, for a whole lease', async () => {
    const store = new InMemoryLimitStore();
    const runtime = new Runtime({ limits: store });
    const exportRows = runtime.capability({ name: 'export_rows', stream: true }, async function* () {
      for (let i = 0; ; i++) yield i;
    });
    runtime.beforeCapability('export_rows', { name: 'one_export' }, () =>
      Decision.allow().withLimits({ key: 'exports', kind: 'concurrent', max: 1, leaseMs: 150 }),
    );
    await exportRows()[Symbol.asyncIterator]().next(); // then dropped: its `finally` never runs
    await sleep(400);
    expect(store.usage('exports')?.used ?? 0).toBe(0);
    await expect(exportRows()[Symbol.asyncIterator]().next()).resolves.toEqual({ done: false, value: 0 });
  });
});
