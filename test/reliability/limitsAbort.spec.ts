import { MemoryAuditSink } from '@brane/audit';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { InMemoryLimitStore } from '@brane/limits';
import fc from 'fast-check';
import { expectHeldByRunning, runAborted, slotsAndSpend, tick } from './fixtures/abortedCalls.js';
import { propertyParameters } from './propertyRuns.js';

/*
 * An async call that holds limits, under a request signal (`withContext({ signal })`), for any mix of calls: aborted
 * before they start, while they run, or never; bodies that never settle (ignoring their signal), resolve or reject;
 * sandboxed or not; audited or not. Every aborted call is rejected with the signal's reason, and gives back its
 * `concurrent` slot and its `refundOnFailure` cost; what stays held is exactly the slots of the calls still running
 * that nobody aborted. Before, a call aborted while its body never settled held its slot forever (its lease renewed).
 */
const CASES = 100;

const call = fc.record({
  abort: fc.constantFrom('before' as const, 'during' as const, 'never' as const),
  body: fc.constantFrom('hang' as const, 'resolve' as const, 'reject' as const),
});
const scenario = fc.record({
  calls: fc.array(call, { minLength: 1, maxLength: 5 }),
  sandboxed: fc.boolean(),
  audited: fc.boolean(),
});

describe('limits: a request that aborts cancels the call holding them', () => {
  it('gives back the slot and the refunded cost of every aborted call, and only theirs', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ calls, sandboxed, audited }) => {
        const store = new InMemoryLimitStore();
        const runtime = new Runtime({
          limits: store,
          ...(audited ? { audit: { sinks: [new MemoryAuditSink()] } } : {}),
        });
        const tool = runtime.capability({ name: 'browse' }, async (how: string) => {
          if (how === 'hang') return await new Promise<string>(() => undefined);
          await tick(3);
          if (how === 'reject') throw new Error('body failed');
          return 'page';
        });
        if (sandboxed)
          runtime.beforeCapability('browse', { name: 'box' }, () => Decision.sandbox({ timeoutMs: 60_000 }));
        runtime.beforeCapability('browse', { name: 'slots' }, slotsAndSpend);
        const { settled, endAll } = await runAborted(calls, (i, signal) =>
          runtime.withContext({ signal }, () => tool(calls[i]?.body ?? 'resolve')),
        );
        calls.forEach((c, i) => {
          if (c.abort !== 'never' && (c.abort === 'before' || c.body === 'hang')) expect(settled[i]).toBe(`gone ${i}`);
        });
        expectHeldByRunning(store, calls, settled);
        await endAll(); // ends the calls still running
        expect(store.usage('browsers')).toBeUndefined();
      }),
      propertyParameters(CASES),
    );
  });
});
