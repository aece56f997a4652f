import fc from 'fast-check';
import { InMemoryApprovalStore, type ApprovalRecord } from '@brane/approvals';
import { MemoryAuditSink } from '@brane/audit';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ApprovalExpiredError, ApprovalRejectedError, BraneError } from '@brane/errors';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Security review, finding 9: a call waiting for its approval (`approvals: { wait: true }`) that its caller
 * abandons must never run. For 1–4 concurrent waiting calls (each with its own signal, none, or one aborted
 * before the call), short or long expiries, and any sequence of aborts, approvals and rejections, spaced by
 * 0–6 ms or fired at the same moment: no call runs if its signal aborted before its claim was stored; no
 * withdrawn request ever runs or is approved; every abort that came while its call waited leaves the request
 * withdrawn (or rejected, when a rejection won the compare-and-set); every other call ends as its decision says.
 * Every store write and every abort is logged in one sequence, so "before" is exact.
 */

type Kind = 'abort' | 'approve' | 'reject';
interface Event {
  readonly kind: Kind;
  readonly call: number;
  readonly delayMs: number;
  /** Fired without waiting for the previous event: at the same moment. */
  readonly together: boolean;
}
interface CallPlan {
  readonly signal: 'own' | 'none' | 'aborted';
  readonly expiresInMs: number;
}

/** One sequence for every store write and every abort of a case. */
class Log {
  #seq = 0;
  readonly entries: { seq: number; what: string; id: string; status?: string; ok?: boolean }[] = [];
  add(what: string, id: string, status?: string): { seq: number; what: string; id: string; ok?: boolean } {
    const entry = { seq: this.#seq++, what, id, ...(status === undefined ? {} : { status }) };
    this.entries.push(entry);
    return entry;
  }
  first(what: string, id: string, status?: string): number {
    const found = this.entries.find(
      (e) => e.what === what && e.id === id && (status === undefined || e.status === status) && e.ok !== false,
    );
    return found?.seq ?? Infinity;
  }
}

/** How long a store operation takes: nothing, a turn of the event loop, or a timer (as I/O would). */
type Latency = 'none' | 'immediate' | 'timer';

/**
 * A store that takes `latency` for each read and write, and logs each write when it is issued: the claim's
 * signal check runs synchronously just before, so an abort logged before the claim was visible to it.
 */
class LoggingStore extends InMemoryApprovalStore {
  constructor(
    private readonly log: Log,
    private readonly latency: Latency,
  ) {
    super();
  }
  override async get(id: string): Promise<ApprovalRecord | undefined> {
    await this.#wait();
    return super.get(id);
  }
  override async update(next: ApprovalRecord, expectedSeal: string): Promise<boolean> {
    const entry = this.log.add('write', next.id, next.status);
    await this.#wait();
    const ok = await super.update(next, expectedSeal);
    entry.ok = ok;
    return ok;
  }
  #wait(): Promise<void> {
    if (this.latency === 'none') return Promise.resolve();
    return new Promise((resolve) => (this.latency === 'timer' ? setTimeout(resolve, 1) : setImmediate(resolve)));
  }
}

class Refunds {
  readonly ran: number[] = [];
  @Capability({ name: 'refund_withdrawal' })
  async refund(call: number, expiresInMs: number): Promise<number> {
    this.ran.push(call);
    return call + expiresInMs * 0;
  }
}

const planArb: fc.Arbitrary<CallPlan> = fc.record({
  signal: fc.constantFrom('own', 'own', 'own', 'none', 'aborted'),
  expiresInMs: fc.constantFrom(15, 40, 60_000, 60_000),
});
const caseArb = fc.integer({ min: 1, max: 4 }).chain((calls) =>
  fc.record({
    plans: fc.array(planArb, { minLength: calls, maxLength: calls }),
    pollIntervalMs: fc.integer({ min: 1, max: 3 }),
    latency: fc.constantFrom<Latency>('none', 'immediate', 'timer'),
    events: fc.array(
      fc.record<Event>({
        kind: fc.constantFrom<Kind>('abort', 'abort', 'approve', 'approve', 'reject'),
        call: fc.integer({ min: 0, max: calls - 1 }),
        delayMs: fc.integer({ min: 0, max: 6 }),
        together: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
  }),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

jest.setTimeout(15 * 60_000);

describe('an abandoned call waiting for its approval never runs, and withdraws its request', () => {
  it('for any interleaving of aborts, approvals, rejections and expiries against waiting calls', async () => {
    const figures = {
      cases: 0,
      calls: 0,
      aborts: 0,
      abortsWhileWaiting: 0,
      withdrawn: 0,
      lostToRejection: 0,
      ran: 0,
      rejected: 0,
      expired: 0,
      decisionsOnWithdrawn: 0,
      sameMoment: 0,
      wrong: 0,
    };
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ plans, pollIntervalMs, latency, events }) => {
        figures.cases += 1;
        const log = new Log();
        const sink = new MemoryAuditSink();
        const runtime = new Runtime({
          tenantId: 'acme',
          principalId: 'user_1',
          approvals: { store: new LoggingStore(log, latency), wait: true, pollIntervalMs },
          audit: { sinks: [sink] },
        });
        runtime.beforeCapability('refund_withdrawal', { name: 'ask' }, (ctx) =>
          ctx.approval !== undefined
            ? Decision.allow()
            : Decision.requireApproval({
                approverGroup: 'finance',
                reason: 'Refund',
                expiresInMs: ctx.arg<number>('expiresInMs', 1),
              }),
        );
        const refunds = runtime.govern(new Refunds());
        const controllers = plans.map((plan) => (plan.signal === 'none' ? undefined : new AbortController()));
        const reasons = plans.map((_, i) => new Error(`caller ${i} went away`));
        const abortedAt: number[] = plans.map(() => Infinity);
        const settledAt: number[] = plans.map(() => Infinity);
        const abort = (i: number) => {
          const controller = controllers[i];
          if (controller === undefined || controller.signal.aborted) return;
          abortedAt[i] = log.add('abort', String(i)).seq;
          controller.abort(reasons[i]);
        };
        plans.forEach((plan, i) => {
          if (plan.signal === 'aborted') abort(i);
        });
        const outcomes = plans.map((plan, i) => {
          const signal = controllers[i]?.signal;
          const call = () => refunds.refund(i, plan.expiresInMs);
          const run = signal === undefined ? call() : runtime.withContext({ signal }, call);
          return run
            .then(
              (value) => ({ ok: true as const, value }),
              (error: unknown) => ({ ok: false as const, error }),
            )
            .finally(() => {
              settledAt[i] = log.add('settled', String(i)).seq;
            });
        });
        // Each call's request, by call.
        const ids: string[] = [];
        for (;;) {
          const records = await runtime.approvals.list();
          if (records.length === plans.length) {
            for (const record of records) ids[record.args['call'] as number] = record.id;
            break;
          }
          await sleep(1);
        }

        const decisions: { kind: Kind; id: string; startedAt: number; result: Promise<unknown> }[] = [];
        let previous: Promise<unknown> = Promise.resolve();
        for (const event of events) {
          if (!event.together) {
            await previous;
            await sleep(event.delayMs);
          } else figures.sameMoment += 1;
          const id = ids[event.call] as string;
          if (event.kind === 'abort') {
            abort(event.call);
            previous = Promise.resolve();
          } else {
            const startedAt = log.add(event.kind, id).seq;
            const result = (event.kind === 'approve' ? runtime.approvals.approve : runtime.approvals.reject)(id, {
              approver: 'maria',
            }).then(
              () => undefined,
              (error: unknown) => error,
            );
            decisions.push({ kind: event.kind, id, startedAt, result });
            previous = result;
          }
        }
        await previous;
        // Close what is still open, so that every call settles: reject what is pending.
        for (const record of await runtime.approvals.list({ state: 'pending' })) {
          await runtime.approvals.reject(record.id, { approver: 'cleanup' }).catch(() => undefined);
        }
        const results = await Promise.all(outcomes);
        await Promise.all(decisions.map((decision) => decision.result));
        await runtime.close();

        for (const [i, plan] of plans.entries()) {
          figures.calls += 1;
          const id = ids[i] as string;
          const record = await runtime.approvals.get(id);
          const result = results[i]!;
          const claimedAt = log.first('write', id, 'executing');
          const ran = refunds.ran.filter((call) => call === i).length;
          const violations: string[] = [];
          if (ran > 1) violations.push('ran twice');
          if (ran === 1 && abortedAt[i]! < claimedAt) violations.push('ran although aborted before its claim');
          if (record.status === 'withdrawn' && ran > 0) violations.push('a withdrawn request ran');
          if (abortedAt[i]! < Infinity) figures.aborts += 1;
          const abandoned = abortedAt[i]! < claimedAt && abortedAt[i]! < settledAt[i]!;
          if (abandoned) {
            figures.abortsWhileWaiting += 1;
            if (record.status === 'withdrawn') figures.withdrawn += 1;
            else if (record.status === 'rejected') figures.lostToRejection += 1;
            else violations.push(`abandoned, but the request is ${record.status}`);
            if (result.ok) violations.push('an abandoned call resolved');
            const events = sink.events.filter(
              (e) => e.type === 'approval.withdrawn' && 'approvalId' in e && e.approvalId === id,
            );
            if (events.length !== (record.status === 'withdrawn' ? 1 : 0))
              violations.push(`${events.length} withdrawn events`);
          } else if (ran === 1) {
            figures.ran += 1;
            if (!(result.ok && result.value === i)) violations.push('ran, but the call did not return its result');
          } else if (!result.ok && result.error instanceof ApprovalRejectedError) figures.rejected += 1;
          else if (!result.ok && result.error instanceof ApprovalExpiredError) figures.expired += 1;
          else if (!(plan.signal !== 'none' && !result.ok && result.error === reasons[i])) {
            violations.push(`ended ${result.ok ? 'with a result' : String(result.error)} without running`);
          }
          // Once withdrawn, every later approval or rejection of it is refused as withdrawn.
          const withdrawnAt = log.first('write', id, 'withdrawn');
          for (const decision of decisions.filter((d) => d.id === id && d.startedAt > withdrawnAt)) {
            figures.decisionsOnWithdrawn += 1;
            const error = await decision.result;
            if (!(error instanceof BraneError && error.code === 'APPROVAL_WITHDRAWN'))
              violations.push('a decision of a withdrawn request was not refused');
          }
          if (violations.length > 0) figures.wrong += 1;
          expect({ call: i, plan, status: record.status, violations }).toEqual({
            call: i,
            plan,
            status: record.status,
            violations: [],
          });
        }
      }),
      propertyParameters(250),
    );
    reportFigures('approval withdrawal', figures);
    expect(figures.wrong).toBe(0);
    // Non-vacuity: abandoned calls were withdrawn, approved calls ran, others were rejected and expired, and
    // approvals raced aborts at the same moment and came after a withdrawal.
    for (const key of ['withdrawn', 'ran', 'rejected', 'expired', 'sameMoment', 'decisionsOnWithdrawn'] as const) {
      expect(figures[key]).toBeGreaterThan(0);
    }
  });
});
