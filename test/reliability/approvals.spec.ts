import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { FileApprovalStore, InMemoryApprovalStore } from '@brane/approvals';
import { approvedCall, otherArguments, principal, tenant, type ApprovedCall } from './fixtures/approvalArbitraries.js';
import {
  CRASH_POINTS,
  asExpected,
  countCrash,
  crashCase,
  emptyCrash,
  held,
  type CrashFigures,
} from './fixtures/approvalCrashCase.js';
import { identity, otherAction, replay, unapproved } from './fixtures/approvalMisuses.js';
import { ScheduledStore, emptyRace, raceResumes, type RaceFigures } from './fixtures/approvalRaces.js';
import { ApprovalScenario } from './fixtures/ApprovalScenario.js';
import { clock, expiry, expiryInput } from './fixtures/expiringApprovals.js';
import { waiting } from './fixtures/waitingApprovals.js';
import { FIELD_CHANGES, forgeries, type ForgeryInput } from './fixtures/forgedApprovals.js';
import { misuseProperty, storeKind, yielding } from './fixtures/misuseProperty.js';
import { settle } from './fixtures/MisuseTally.js';
import { RawApprovalStore } from './fixtures/RawApprovalStore.js';
import { REORDERING_STORE, REWRITTEN_FILE, keysMoved, reordered, reorderInput } from './fixtures/reorderedApprovals.js';
import { bundleApprovalChild } from './fixtures/spawnApprovalChild.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

// A few thousand in-process cases and a few dozen child processes at scale 1; `pnpm test:long` runs ten times more.
jest.setTimeout(30 * 60_000);

const none = () => fc.constant(undefined);

describe('approval misuse: each refused with its documented code, and the legitimate use still runs once', () => {
  it('approve action A, then try to execute action B', async () => {
    const input = (call: ApprovedCall) => otherArguments(call).map((otherArgs) => ({ otherArgs }));
    await misuseProperty('other action', otherAction, { base: 800, input, stores: storeKind('raw', 8) });
  });

  it('replay an approval after its one execution', async () => {
    await misuseProperty('replay', replay, { base: 600, input: none, stores: storeKind('memory', 8) });
  });

  it('execute without a usable approval: pending, rejected, self-approved, unknown', async () => {
    await misuseProperty('unapproved', unapproved, { base: 500, input: none, stores: fc.constant('memory') });
  });

  it('forge or alter records in the store without the key', async () => {
    const input = (call: ApprovedCall): fc.Arbitrary<ForgeryInput> =>
      fc.record({
        otherArgs: otherArguments(call),
        field: fc.constantFrom(...Object.keys(FIELD_CHANGES)),
        randomSeal: fc.stringMatching(/^[0-9a-f]{64}$/),
      });
    await misuseProperty('forged', forgeries, { base: 800, input, stores: storeKind('raw', 8) });
  });

  it('documented limit: putting back the older, validly sealed copy of a used record replays it', async () => {
    // The approvals README says so ("A seal ... does not prove that the record is the latest one"): a store that
    // untrusted parties can write needs access control. Pinned so that changing it is deliberate; figure reported.
    const figures = { cases: 0, replayed: 0 };
    await fc.assert(
      fc.asyncProperty(
        approvedCall,
        yielding(async (call) => {
          figures.cases += 1;
          const scenario = new ApprovalScenario(call, { store: new RawApprovalStore() });
          const id = await scenario.approved();
          const approved = await scenario.record(id);
          await scenario.runtime.resume(id);
          scenario.overwrite(id, approved);
          if ((await settle(scenario.runtime.resume(id))).ok) figures.replayed += 1;
          return scenario.executions.length === 2;
        }),
      ),
      propertyParameters(100),
    );
    reportFigures('documented limit / rollback to the approved copy', figures);
    expect(figures.cases).toBe(propertyParameters(100).numRuns);
    expect(figures.replayed).toBe(figures.cases);
  });
});

describe('expiry, on a clock the test moves', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('an approval is unusable from its expiresAt on, usable until then, and a claimed one completes', async () => {
    const scenario = (_kind: string, { expiresInMs }: { expiresInMs: number }) => ({ expiresInMs });
    await misuseProperty('expiry', expiry, {
      base: 800,
      input: () => expiryInput,
      stores: fc.constant('memory'),
      scenario,
    });
  });
});

describe('legitimate: the same arguments in another JSON key order still match', () => {
  it('keys reordered by the store, in the claim, and in the record file', async () => {
    const tally = await misuseProperty('reordered keys', reordered, {
      base: 400,
      input: () => reorderInput,
      stores: fc.constant('memory'),
      scenario: (kind, { seed }) => {
        if (kind === REORDERING_STORE) return { store: new RawApprovalStore({ reorderSeed: seed }) };
        return kind === REWRITTEN_FILE ? { store: 'file' } : {};
      },
    });
    reportFigures('reordered keys / cases whose keys really moved', keysMoved);
    for (const kind of tally.kinds()) expect(keysMoved[kind]).toBeGreaterThan(0);
  });
});

describe('concurrent resumes of one approval: exactly one execution, the others share it or are refused', () => {
  const race = fc.record({
    call: approvedCall,
    runtimes: fc.integer({ min: 1, max: 3 }),
    picks: fc.array(fc.nat(), { minLength: 2, maxLength: 8 }),
  });
  type RaceInput = { call: ApprovedCall; runtimes: number; picks: number[] };
  const expectRaces = (figures: RaceFigures, cases: number | undefined) => {
    expect(figures).toMatchObject({ cases, wrongError: 0, notOnce: 0, doubleExecutions: 0 });
    expect(figures.shared + figures.refused).toBe(figures.resumes);
  };

  it('in one process and across runtimes sharing a store, in every order fast-check schedules', async () => {
    const figures = emptyRace();
    const parameters = propertyParameters<[RaceInput, fc.Scheduler]>(600);
    await fc.assert(
      fc.asyncProperty(
        race,
        fc.scheduler(),
        yielding(async ({ call, runtimes, picks }, scheduler) => {
          const store = new ScheduledStore(new InMemoryApprovalStore());
          const scheduled = {
            start: () => (store.scheduler = scheduler),
            stop: () => (store.scheduler = undefined),
            settleAll: (all: Promise<PromiseSettledResult<unknown>[]>) => scheduler.waitFor(all),
          };
          return await raceResumes({ call, store, view: () => store, runtimes, picks, ...scheduled }, figures);
        }),
      ),
      parameters,
    );
    reportFigures('concurrent resumes / in memory, scheduled', { ...figures });
    expectRaces(figures, parameters.numRuns);
  });

  it('across two runtimes, each with its own file store on one directory (real files and locks)', async () => {
    const figures = emptyRace();
    const parameters = propertyParameters<[RaceInput]>(50);
    await fc.assert(
      fc.asyncProperty(race, async ({ call, picks }) => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-reliability-approval-race-'));
        const store = new FileApprovalStore({ directory });
        const view = () => new FileApprovalStore({ directory });
        try {
          return await raceResumes({ call, store, view, runtimes: 2, picks, settleAll: (all) => all }, figures);
        } finally {
          fs.rmSync(directory, { recursive: true, force: true });
        }
      }),
      parameters,
    );
    reportFigures('concurrent resumes / two runtimes, file store', { ...figures });
    expectRaces(figures, parameters.numRuns);
  });
});

// The last in-process properties use `withContext`, which turns AsyncLocalStorage on for the rest of the process and
// makes every later promise slower.
describe('calls that wait in-process for their decision (approvals: { wait: true })', () => {
  it('approved, rejected, or resumed by someone else or elsewhere while the call waits', async () => {
    const input = (call: ApprovedCall) => fc.record({ tenant: tenant.filter((t) => t !== call.tenantId) });
    await misuseProperty('wait mode', waiting, { base: 300, input, stores: fc.constant('memory') });
  });
});

describe('approval misuse across identities', () => {
  it('use an approval as another tenant or principal', async () => {
    const input = (call: ApprovedCall) =>
      fc.record({
        tenant: tenant.filter((t) => t !== call.tenantId),
        principal: principal.filter((p) => p !== call.principalId),
        other: fc
          .record({
            tenantId: fc.option(tenant, { nil: undefined }),
            principalId: fc.option(principal, { nil: undefined }),
          })
          .filter(({ tenantId, principalId }) => tenantId !== call.tenantId || principalId !== call.principalId),
        first: fc.constantFrom('owner' as const, 'intruder' as const),
      });
    await misuseProperty('identity', identity, { base: 900, input, stores: storeKind('memory', 8) });
  });
});

describe('crash between the approval and the execution (child processes, file store)', () => {
  let work = '';
  let bundle = '';
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-reliability-approval-crash-'));
    bundle = await bundleApprovalChild(work);
  }, 60_000);
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });
  const report = (name: string, { landings, ...figures }: CrashFigures) => {
    reportFigures(`crash / ${name}`, figures);
    reportFigures(`crash / ${name} / landings`, landings);
  };

  it('killed at each write and around the side effect: at most one execution, a stuck claim is visible', async () => {
    const figures = emptyCrash();
    const points = Object.keys(CRASH_POINTS) as (keyof typeof CRASH_POINTS)[];
    const parameters = propertyParameters<[ApprovedCall, keyof typeof CRASH_POINTS]>(24);
    await fc.assert(
      fc.asyncProperty(approvedCall, fc.constantFrom(...points), async (call, point) => {
        const seen = await crashCase(bundle, work, call, point);
        countCrash(figures, seen);
        return asExpected(point, seen);
      }),
      parameters,
    );
    report('at each point', figures);
    expect(figures).toMatchObject({ cases: parameters.numRuns, killed: parameters.numRuns, doubleExecutions: 0 });
    expect(figures.stuckVisible).toBe(figures.stuck);
  });

  it('killed at a random moment of a resume: at most one execution, wherever the kill lands', async () => {
    const figures = emptyCrash();
    const parameters = propertyParameters<[ApprovedCall, number]>(10);
    await fc.assert(
      fc.asyncProperty(approvedCall, fc.integer({ min: 0, max: 40 }), async (call, delayMs) => {
        const seen = await crashCase(bundle, work, call, 'random', delayMs);
        countCrash(figures, seen);
        return held(seen);
      }),
      parameters,
    );
    report('at a random moment', figures);
    expect(figures).toMatchObject({ cases: parameters.numRuns, doubleExecutions: 0 });
    expect(figures.stuckVisible).toBe(figures.stuck);
  });

  it('killed while holding the claim lock: the lock goes stale, and a fresh resume executes once', async () => {
    const [call] = fc.sample(approvedCall, { numRuns: 1, seed: 7 });
    const seen = await crashCase(bundle, work, call!, 'claim:holding-lock');
    const figures = emptyCrash();
    countCrash(figures, seen);
    report('holding the lock', figures);
    expect(seen).toMatchObject({ killed: true, status: 'approved', executedAfterCrash: 0, executions: 1 });
    expect(held(seen)).toBe(true);
  });
});
