import fc from 'fast-check';
import { Decision } from '@brane/decisions';
import { Runtime } from '@brane/core';
import { CapabilityDeniedError, PolicyEvaluationError } from '@brane/errors';
import { runFailingCall, type FailingOutcome, type FailingScenario } from './fixtures/failingCall.js';
import { FAILURE_KINDS, type FailureKind } from './fixtures/failureKinds.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Fail closed: a policy that throws, rejects, never settles, returns junk (or a promise of junk) or a forged
 * Decision denies the call, whatever surrounds it (well-behaved allows at any priority, at either stage),
 * under either default, sync or async, governed instance or `runtime.capability`, audited or not. The body
 * never runs for a before-stage failure; an after-stage failure withholds the output. An async call denies
 * exactly at the policy timeout, on a fake clock; a smaller real-time run records the real latency.
 */

// 10,000 cases take about ten seconds; `pnpm test:long` runs ten times as many.
jest.setTimeout(15 * 60_000);

const neighbour = fc.record({
  stage: fc.constantFrom('before' as const, 'after' as const),
  priority: fc.integer({ min: 0, max: 3 }),
  async: fc.boolean(),
});

const scenario: fc.Arbitrary<FailingScenario> = fc.record({
  kind: fc.constantFrom(...FAILURE_KINDS),
  async: fc.boolean(),
  stage: fc.constantFrom('before' as const, 'after' as const),
  functional: fc.boolean(),
  fallback: fc.constantFrom('allow' as const, 'deny' as const),
  audited: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
  neighbours: fc.array(neighbour, { maxLength: 4 }),
  timeout: fc.record({
    on: fc.constantFrom('policy' as const, 'runtime' as const),
    ms: fc.integer({ min: 1, max: 60_000 }),
  }),
});

/** What one kind's cases measured. Every figure but `cases` must be 0. */
interface KindFigures {
  cases: number;
  /** The call returned, or failed with something other than `CapabilityDeniedError`. */
  notDenied: number;
  /** Denied, but not as the failure it was: the cause is not a `PolicyEvaluationError` with the right code. */
  wrongCause: number;
  /** Before stage: the body ran. After stage: the body did not run exactly once, or the denial is not at `after`. */
  wrongStage: number;
  /** The body's output appears in the denial's message, reason or decision. */
  leaked: number;
  /** A sync call that did not throw synchronously, or an async one that did not return a rejecting promise. */
  wrongShape: number;
  /** An async call that did not settle exactly at the timeout (never-settling) or at once (the others). */
  late: number;
  /** The audit trail recorded the call as anything but one denied call. */
  auditWrong: number;
}

const figures = new Map<string, KindFigures>();

function expectedCode(s: FailingScenario): string {
  return !s.async && s.kind.thenable ? 'ASYNC_POLICY_ON_SYNC_CAPABILITY' : s.kind.code;
}

/** Tallies one case; returns whether every check passed. */
function tally(s: FailingScenario, outcome: FailingOutcome): boolean {
  const counts = figures.get(s.kind.name) ?? {
    cases: 0,
    notDenied: 0,
    wrongCause: 0,
    wrongStage: 0,
    leaked: 0,
    wrongShape: 0,
    late: 0,
    auditWrong: 0,
  };
  figures.set(s.kind.name, counts);
  counts.cases += 1;
  const { error } = outcome;
  if (!(error instanceof CapabilityDeniedError)) {
    counts.notDenied += 1;
    return false;
  }
  const checks = {
    wrongCause: !(expectedCode(s) === 'UNHONOURED'
      ? error.cause === undefined && error.policyName === 'failing' && /cannot be honoured/.test(error.reason)
      : error.cause instanceof PolicyEvaluationError &&
        error.cause.code === expectedCode(s) &&
        error.cause.policyName === 'failing' &&
        (error.decision as { readonly type: string }).type === 'deny'),
    wrongStage: error.stage !== s.stage || outcome.ran !== (s.stage === 'before' ? 0 : 1),
    leaked: [error.message, error.reason, JSON.stringify(error.decision)].some((text) => text.includes(outcome.canary)),
    wrongShape: s.async
      ? outcome.threwSynchronously || !outcome.returnedPromise
      : !outcome.threwSynchronously || outcome.returnedPromise,
    late:
      s.async &&
      (s.kind.group === 'never settles'
        ? !outcome.pendingBeforeTimeout || outcome.settledAfterMs !== s.timeout.ms
        : outcome.settledAfterMs !== 0),
    auditWrong: s.audited && (outcome.auditOutcomes.length !== 1 || outcome.auditOutcomes[0] !== 'denied'),
  };
  for (const [name, failed] of Object.entries(checks)) if (failed) counts[name as keyof typeof checks] += 1;
  return Object.values(checks).every((failed) => !failed);
}

const total = (field: keyof KindFigures): number => [...figures.values()].reduce((sum, f) => sum + f[field], 0);

describe('fail closed: a failing policy always denies', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('every failure kind, sync or async, before or after, among allows, under either default: denied', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'performance'] });
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(scenario, async (s: FailingScenario) => tally(s, await runFailingCall(s))),
      propertyParameters(10_000),
    );
    const ms = Math.round(performance.now() - started);
    for (const [kind, counts] of figures) reportFigures(`fail closed: ${kind}`, { ...counts });
    for (const group of new Set(FAILURE_KINDS.map((kind) => kind.group))) {
      const kinds = FAILURE_KINDS.filter((kind) => kind.group === group).map((kind) => figures.get(kind.name));
      const sum = (field: keyof KindFigures): number => kinds.reduce((n, f) => n + (f?.[field] ?? 0), 0);
      reportFigures(`fail closed, group ${group}`, {
        kinds: kinds.length,
        cases: sum('cases'),
        notDenied: sum('notDenied'),
      });
    }
    const sums = Object.fromEntries(
      (['cases', 'notDenied', 'wrongCause', 'wrongStage', 'leaked', 'wrongShape', 'late', 'auditWrong'] as const).map(
        (field) => [field, total(field)],
      ),
    );
    reportFigures('fail closed (all kinds)', { ...sums, kinds: figures.size, ms });
    expect(sums).toEqual({
      ...sums,
      notDenied: 0,
      wrongCause: 0,
      wrongStage: 0,
      leaked: 0,
      wrongShape: 0,
      late: 0,
      auditWrong: 0,
    });
    expect(sums['cases']).toBe(propertyParameters(10_000).numRuns);
    // Every kind was exercised, each many times.
    expect([...figures.keys()].sort()).toEqual(FAILURE_KINDS.map((kind) => kind.name).sort());
    for (const counts of figures.values()) expect(counts.cases).toBeGreaterThanOrEqual(20);
  });

  it('real time: a never-settling policy denies shortly after its timeout', async () => {
    const neverSettling = FAILURE_KINDS.filter((kind: FailureKind) => kind.group === 'never settles');
    const over: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...neverSettling),
        fc.integer({ min: 20, max: 100 }),
        async (kind: FailureKind, timeoutMs: number) => {
          const runtime = new Runtime({ policyTimeoutMs: timeoutMs });
          runtime.beforeCapability('slow', { name: 'failing' }, (ctx) => kind.policy(ctx, timeoutMs + 100) as Decision);
          const slow = runtime.capability({ name: 'slow' }, async () => 'ran');
          const started = performance.now();
          const error = await slow().catch((e: unknown) => e);
          over.push(performance.now() - started - timeoutMs);
          return (
            error instanceof CapabilityDeniedError && (error.cause as PolicyEvaluationError).code === 'POLICY_TIMEOUT'
          );
        },
      ),
      propertyParameters(30),
    );
    const max = Math.max(...over);
    reportFigures('fail closed, real time', { cases: over.length, maxOverTimeoutMs: Math.round(max * 10) / 10 });
    expect(over).toHaveLength(propertyParameters(30).numRuns ?? 30);
    // A loose bound only: this is a shared machine. The precise promise is the fake-clock property above.
    expect(Math.min(...over)).toBeGreaterThan(-2);
    expect(max).toBeLessThan(1_000);
  });
});
