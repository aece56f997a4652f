import { MemoryAuditSink } from '@brane/audit';
import { currentAction, Runtime } from '@brane/core';
import { InMemoryLimitStore } from '@brane/limits';
import fc from 'fast-check';
import { expectHeldByRunning, runAborted, slotsAndSpend, tick } from './fixtures/abortedCalls.js';
import { propertyParameters } from './propertyRuns.js';

/*
 * A synchronous capability (a plain function, not declared async) that holds limits, under a request signal
 * (`withContext({ signal })`), for any mix of calls: aborted before they start, while they run, or never; bodies that
 * return a promise that never settles (ignoring their signal), resolves or rejects, or that return a value or throw;
 * audited or not. Every call aborted before it starts, and every aborted call whose promise had not settled, fails with
 * the signal's reason and gives back its `concurrent` slot and its `refundOnFailure` cost; what stays held is exactly
 * the slots of the calls still running that nobody aborted; the body saw the request's signal in `action.signal`.
 * Before, the sync path never watched the signal: a call aborted while its promise never settled held its slot for
 * the life of the process, as the async path did before `limitsAbort.spec.ts`.
 */
const CASES = 100;

const call = fc.record({
  abort: fc.constantFrom('before' as const, 'during' as const, 'never' as const),
  body: fc.constantFrom('hang' as const, 'resolve' as const, 'reject' as const, 'value' as const, 'throw' as const),
});
const scenario = fc.record({
  calls: fc.array(call, { minLength: 1, maxLength: 5 }),
  audited: fc.boolean(),
});

/** What a call gave: its value, or what it threw or rejected with, as a promise either way. */
function outcomeOf(run: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown
    return Promise.reject(error);
  }
}

describe('limits: a request that aborts cancels the synchronous call holding them', () => {
  it('gives back the slot and the refunded cost of every aborted call, and only theirs', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ calls, audited }) => {
        const store = new InMemoryLimitStore();
        const runtime = new Runtime({
          limits: store,
          ...(audited ? { audit: { sinks: [new MemoryAuditSink()] } } : {}),
        });
        const sawSignal: boolean[] = [];
        const tool = runtime.capability({ name: 'browse' }, (how: string, i: number): unknown => {
          sawSignal[i] = currentAction()?.signal !== undefined;
          if (how === 'value') return 'page';
          if (how === 'throw') throw new Error('body failed');
          if (how === 'hang') return new Promise<string>(() => undefined);
          return tick(3).then(() => {
            if (how === 'reject') throw new Error('body failed');
            return 'page';
          });
        });
        runtime.beforeCapability('browse', { name: 'slots' }, slotsAndSpend);
        const { settled, endAll } = await runAborted(calls, (i, signal) =>
          outcomeOf(() => runtime.withContext({ signal }, () => tool(calls[i]?.body ?? 'value', i))),
        );
        calls.forEach((c, i) => {
          if (c.abort === 'before') expect([i, settled[i], sawSignal[i]]).toEqual([i, `gone ${i}`, undefined]);
          else expect([i, sawSignal[i]]).toEqual([i, true]);
          if (c.abort === 'during' && c.body === 'hang') expect(settled[i]).toBe(`gone ${i}`);
          // A value or a throw ends the call at once; a promise settled by its body, unless aborted first.
          const ends = c.abort === 'never' || c.body === 'value' || c.body === 'throw';
          if (c.abort !== 'before' && ends && (c.body === 'value' || c.body === 'resolve')) {
            expect([i, settled[i]]).toEqual([i, 'resolved']);
          }
          if (c.abort !== 'before' && ends && (c.body === 'throw' || c.body === 'reject')) {
            expect([i, settled[i]]).toEqual([i, 'body failed']);
          }
        });
        expectHeldByRunning(store, calls, settled);
        await endAll(); // ends the calls still running
        expect(store.usage('browsers')).toBeUndefined();
      }),
      propertyParameters(CASES),
    );
  });
});
