import { MemoryAuditSink } from '@brane/audit';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { InMemoryLimitStore } from '@brane/limits';
import fc from 'fast-check';
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

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
        runtime.beforeCapability('browse', { name: 'slots' }, () =>
          Decision.allow().withLimits(
            { key: 'browsers', kind: 'concurrent', max: 5 },
            { key: 'spend', kind: 'sum', cost: 1, max: 5, per: '1h', refundOnFailure: true },
          ),
        );
        const requests = calls.map(() => new AbortController());
        calls.forEach((c, i) => {
          if (c.abort === 'before') requests[i]?.abort(new Error(`gone ${i}`));
        });
        const outcomes = calls.map((c, i) => {
          const pending = runtime.withContext({ signal: requests[i]?.signal }, () => tool(c.body));
          return pending.then(
            () => 'resolved',
            (error: unknown) => (error as Error).message,
          );
        });
        await tick(1);
        calls.forEach((c, i) => {
          if (c.abort === 'during') requests[i]?.abort(new Error(`gone ${i}`));
        });
        const settled = await Promise.all(outcomes.map((o) => Promise.race([o, tick(30).then(() => 'running')])));
        calls.forEach((c, i) => {
          if (c.abort !== 'never' && (c.abort === 'before' || c.body === 'hang')) expect(settled[i]).toBe(`gone ${i}`);
        });
        const running = calls.filter((c) => c.abort === 'never' && c.body === 'hang').length;
        expect(store.usage('browsers')?.used).toBe(running === 0 ? undefined : running);
        // Spent: every call that ran to an end without failing, and every one still running.
        const spent = settled.filter((s) => s === 'resolved' || s === 'running').length;
        expect(store.usage('spend')?.used).toBe(spent === 0 ? undefined : spent);
        for (const request of requests) request.abort(new Error('done')); // ends the calls still running
        await Promise.all(outcomes);
        expect(store.usage('browsers')).toBeUndefined();
      }),
      propertyParameters(CASES),
    );
  });
});
