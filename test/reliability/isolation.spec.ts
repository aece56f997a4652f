import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { JsonlFileSink, MemoryAuditSink, queryAuditEvents } from '@brane/audit';
import { Runtime } from '@brane/core';
import { CapabilityDeniedError } from '@brane/errors';
import { checkTenantRecords, principalOf, type TenantRecordCheck } from './fixtures/checkTenantRecords.js';
import { Observations, TenantAgent, callPlan, installObservingPolicies, type Batch } from './fixtures/TenantAgent.js';
import type { CallPlan, Receipt } from './fixtures/TenantAgent.js';
import { HOP_KINDS, busListener, travel, type Hop, type Roads } from './fixtures/travel.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

const TENANTS = 50;
/** Each case is a batch of this many interleaved requests, two per tenant. */
const CALLS_PER_BATCH = 100;
/** 100 batches of 100: the 10,000 calls at scale 1, 100,000 under `pnpm test:long`. */
const BATCHES = 100;

const tenantOf = (callId: number): string => `tenant-${String(callId % TENANTS).padStart(2, '0')}`;
const identityOf = (tenant: string) => ({ tenantId: tenant, principalId: principalOf(tenant) });

/**
 * How a request's tenant reaches the runtime. `context` is the documented way: `withContext` around the
 * whole request. The other two are realistic mistakes, the negative controls that prove the checkers can
 * see a leak: a module-level "current tenant" that the handler reads after an await (by then another
 * request has overwritten it), and an emitter listener bound with `AsyncResource.bind` by the first
 * request that used the bus (every request that goes through it then continues as that first tenant).
 */
type Carrier = 'context' | 'module-variable' | 'bound-listener';

/** The leak of the `module-variable` carrier. */
let currentTenant = 'tenant-none';

/** One batch's findings: the observers inside the runtime, and each audit trail's checker. */
interface BatchFindings {
  readonly observations: Observations;
  readonly hops: Roads['taken'];
  readonly memory: TenantRecordCheck;
  readonly jsonl: TenantRecordCheck;
  /** What the plans say must be recorded. */
  readonly expected: { readonly nested: number; readonly denied: number };
}

/** Every figure, summed over the batches of one property. */
class Figures {
  batches = 0;
  calls = 0;
  observerChecks = 0;
  observerWrong = 0;
  readonly records = { memory: 0, jsonl: 0 };
  readonly actions = { memory: 0, jsonl: 0 };
  readonly wrongRecords = { memory: 0, jsonl: 0 };
  readonly byObserver: Record<string, number> = {};
  readonly hops: Record<string, number> = {};

  add(findings: BatchFindings): void {
    this.batches += 1;
    this.calls += CALLS_PER_BATCH;
    this.observerChecks += findings.observations.totalChecks;
    this.observerWrong += findings.observations.totalWrong;
    for (const [observer, n] of Object.entries(findings.observations.checks))
      this.byObserver[observer] = (this.byObserver[observer] ?? 0) + n;
    for (const [kind, n] of Object.entries(findings.hops)) this.hops[kind] = (this.hops[kind] ?? 0) + n;
    for (const sink of ['memory', 'jsonl'] as const) {
      const check = findings[sink];
      this.records[sink] += check.records;
      this.actions[sink] += check.topLevel + check.nested;
      this.wrongRecords[sink] += check.wrongTenant + check.wrongPrincipal + check.wrongParent;
    }
  }
}

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-isolation-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

// A batch takes tens of milliseconds of real timers; `pnpm test:long` runs 1,000 of them.
jest.setTimeout(10 * 60_000);

/**
 * Starts every request of a batch at once, each inside its tenant's context (as `carrier` says), lets
 * fast-check's scheduler release the `scheduled` hops in the order it generates (the timers fire as they
 * do), and checks everything that saw or recorded a request.
 */
async function runBatch(plans: readonly CallPlan[], scheduler: fc.Scheduler, carrier: Carrier): Promise<BatchFindings> {
  const directory = fs.mkdtempSync(path.join(scratch, 'batch-'));
  const memory = new MemoryAuditSink();
  const jsonl = new JsonlFileSink({ directory, flushIntervalMs: 0 });
  // The runtime's own tenant is none of the 50: a request that lost its context is recorded as wrong.
  const runtime = new Runtime({
    agentId: 'isolation-agent',
    tenantId: 'tenant-none',
    audit: { sinks: [memory, jsonl] },
  });
  const roads: Roads = { scheduler, bus: new EventEmitter(), taken: {} };
  const observations = new Observations();
  const batch: Batch = { runtime, roads, observations, plan: (callId) => plans[callId] as CallPlan };
  installObservingPolicies(batch);
  const agent = runtime.govern(new TenantAgent(batch));
  if (carrier === 'bound-listener') {
    runtime.withContext(identityOf(tenantOf(0)), () => roads.bus.on('hop', AsyncResource.bind(busListener)));
  } else {
    // The classic trap: the emitter exists outside every request, its listener was registered by another tenant.
    runtime.withContext(identityOf('tenant-registrar'), () => roads.bus.on('hop', busListener));
  }
  const toBus: Hop = { kind: 'emitter', delayMs: 0 };

  const calls = plans.map((plan, callId) => {
    const tenant = tenantOf(callId);
    const route = carrier === 'bound-listener' ? [toBus, ...plan.path] : plan.path;
    const request = (): Promise<Receipt> =>
      travel(route, roads, () => (plan.target === 'work' ? agent.work(tenant, callId) : agent.tally(tenant, callId)));
    let pending: Promise<Receipt>;
    if (carrier === 'module-variable') {
      currentTenant = tenant;
      pending = Promise.resolve().then(() => runtime.withContext(identityOf(currentTenant), request));
    } else pending = runtime.withContext(identityOf(tenant), request);
    return pending.then(
      (receipt) => {
        observations.see('caller: the receipt', tenant, receipt.tenant);
      },
      (error: unknown) => {
        if (!(error instanceof CapabilityDeniedError)) throw error;
      },
    );
  });
  await scheduler.waitFor(Promise.all(calls));
  await runtime.close();
  const findings: BatchFindings = {
    observations,
    hops: roads.taken,
    memory: checkTenantRecords(memory.events),
    jsonl: checkTenantRecords(await queryAuditEvents(jsonl.file)),
    expected: {
      nested: plans.filter((plan) => plan.nested && !plan.deny).length,
      denied: plans.filter((plan) => plan.deny).length,
    },
  };
  fs.rmSync(directory, { recursive: true, force: true });
  return findings;
}

/** Whether an audit trail recorded every action of the batch, each once, completed, with its outcome. */
function recordedEverything(check: TenantRecordCheck, expected: BatchFindings['expected']): boolean {
  return (
    check.topLevel === CALLS_PER_BATCH &&
    check.nested === expected.nested &&
    check.completed === CALLS_PER_BATCH + expected.nested &&
    (check.outcomes['denied'] ?? 0) === expected.denied &&
    check.tenants.size === TENANTS
  );
}

const batchOfPlans = fc.array(callPlan, { minLength: CALLS_PER_BATCH, maxLength: CALLS_PER_BATCH });

/** Runs the property over generated batches with `carrier`; returns the figures. */
async function isolationProperty(
  carrier: Carrier,
  base: number,
  holds: (findings: BatchFindings) => boolean,
): Promise<Figures> {
  const figures = new Figures();
  await fc.assert(
    fc.asyncProperty(batchOfPlans, fc.scheduler(), async (plans, scheduler) => {
      const findings = await runBatch(plans, scheduler, carrier);
      figures.add(findings);
      return holds(findings);
    }),
    propertyParameters(base),
  );
  return figures;
}

/** The figures, flat, for {@link reportFigures}; `seconds` is wall-clock time, reported, never asserted. */
function flat(figures: Figures, startedAt: number): Record<string, number> {
  return {
    batches: figures.batches,
    calls: figures.calls,
    observerChecks: figures.observerChecks,
    observerWrong: figures.observerWrong,
    memoryRecords: figures.records.memory,
    jsonlRecords: figures.records.jsonl,
    memoryActions: figures.actions.memory,
    jsonlActions: figures.actions.jsonl,
    memoryWrongRecords: figures.wrongRecords.memory,
    jsonlWrongRecords: figures.wrongRecords.jsonl,
    ...Object.fromEntries(Object.entries(figures.hops).map(([kind, n]) => [`hops ${kind}`, n])),
    seconds: Math.round((performance.now() - startedAt) / 100) / 10,
  };
}

describe('tenant isolation across 50 tenants (interleaved requests, timers, promises, emitters)', () => {
  it('no action, observation or audit record is ever under another tenant, and every action is recorded', async () => {
    const startedAt = performance.now();
    const figures = await isolationProperty(
      'context',
      BATCHES,
      (findings) =>
        findings.observations.totalWrong === 0 &&
        [findings.memory, findings.jsonl].every(
          (check) =>
            check.wrongTenant === 0 &&
            check.wrongPrincipal === 0 &&
            check.wrongParent === 0 &&
            recordedEverything(check, findings.expected),
        ),
    );
    reportFigures('isolation (withContext)', flat(figures, startedAt));

    const batches = propertyParameters(BATCHES).numRuns;
    expect(figures.batches).toBe(batches);
    expect(figures.calls).toBe((batches ?? 0) * CALLS_PER_BATCH);
    expect(figures.observerWrong).toBe(0);
    expect(figures.wrongRecords).toEqual({ memory: 0, jsonl: 0 });
    // Every observer ran, every kind of hop was taken, and both trails hold the same actions and records.
    expect(Object.keys(figures.byObserver).sort()).toEqual(EVERY_OBSERVER);
    expect(Object.keys(figures.hops).sort()).toEqual([...HOP_KINDS].sort());
    expect(figures.actions.jsonl).toBe(figures.actions.memory);
    expect(figures.records.jsonl).toBe(figures.records.memory);
  });

  describe('negative controls: the same harness with a leaky carrier finds the leak', () => {
    it.each(['module-variable', 'bound-listener'] as const)('%s', async (carrier) => {
      const startedAt = performance.now();
      // Every batch must leak: each case's requests all cross the leak.
      const figures = await isolationProperty(
        carrier,
        BATCHES / 10,
        (findings) => findings.memory.wrongTenant > 0 && findings.jsonl.wrongTenant > 0,
      );
      reportFigures(`isolation negative control (${carrier})`, flat(figures, startedAt));

      expect(figures.batches).toBe(propertyParameters(BATCHES / 10).numRuns);
      expect(figures.observerWrong).toBeGreaterThan(0);
      expect(figures.wrongRecords.memory).toBeGreaterThan(0);
      expect(figures.wrongRecords.jsonl).toBe(figures.wrongRecords.memory);
    });
  });
});

/** Every observer of the harness: a property where one of them never ran would prove less than it says. */
const EVERY_OBSERVER = [
  'after-policy: ctx.output',
  'after-policy: ctx.tenantId',
  'async before-policy after its hops: runtime.identity',
  'async before-policy: ctx.tenantId',
  'caller: the receipt',
  'sync before-policy: ctx.tenantId',
  'sync before-policy: runtime.identity',
  'tally body after its nested call: currentAction()',
  'tally body after its nested call: runtime.identity',
  'tally body: currentAction()',
  'tally body: runtime.identity',
  'tally_inner body: currentAction()',
  'tally_inner body: runtime.identity',
  'work body after its hops: currentAction()',
  'work body after its hops: runtime.identity',
  'work body: currentAction()',
  'work body: runtime.identity',
  'work_inner body after an await: currentAction()',
  'work_inner body after an await: runtime.identity',
  'work_inner body: currentAction()',
  'work_inner body: runtime.identity',
].sort();
