import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isActionRecord, queryAuditEvents, verifyAuditDirectory, type AuditEvent } from '@brane/audit';
import { bundleChild } from './fixtures/bundleChild.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/** Actions per case: the child runs this many, across however many kills and restarts the case has. */
const ACTIONS = 10_000;

let work = '';
let bundle = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'brane-reliability-crash-'));
  bundle = await bundleChild('auditCrashChild', work);
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** How a child run ended: killed (after `started` calls had been reported) or done. */
interface ChildRun {
  readonly killed: boolean;
  readonly started: number;
}

/** Where a child run starts and how it is killed. */
interface RunPlan {
  readonly from: number;
  /** The parent kills the child once it reports this many calls started (after `delayMs`); past the end: never. */
  readonly killAt: number;
  readonly delayMs: number;
  readonly durability: 'sync' | 'async';
  /** The amount whose capability body kills its own process right after its side effect; -1: none. */
  readonly selfKillAt: number;
}

/** Runs the child of one case's `directory` and `executedFile` as `plan` says. */
function runChild(directory: string, executedFile: string, plan: RunPlan): Promise<ChildRun> {
  const { from, killAt, delayMs, durability, selfKillAt } = plan;
  const args = [bundle, directory, executedFile, String(ACTIONS), String(from), durability, String(selfKillAt)];
  const child = spawn(process.execPath, args);
  return new Promise<ChildRun>((resolve, reject) => {
    let stderr = '';
    let started = from;
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const reported = Number(chunk.toString().trim().split('\n').filter(Number).at(-1) ?? started);
      started = Math.max(started, reported);
      if (started >= killAt && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, started });
      else if (code === 0) resolve({ killed: false, started });
      else reject(new Error(`the child failed (exit ${code}): ${stderr}`));
    });
  });
}

/** What a case left behind: actions executed, those without an allow decision on disk, damage before the end. */
interface CaseResult {
  readonly executed: number;
  readonly withoutRecord: number;
  readonly damaged: number;
}

/** Reads a case's executed actions and audit directory. */
async function inspect(directory: string, executedFile: string): Promise<CaseResult> {
  const executed = readFileSync(executedFile, 'utf8').split('\n').filter(Boolean);
  // Under sync durability, the `decided` record of each action is on disk before its body runs.
  const records = await queryAuditEvents(directory, { type: 'action' });
  const isAllow = (event: AuditEvent) =>
    isActionRecord(event) && event.phase === 'decided' && event.decisions.before?.type === 'allow';
  const allowed = new Set(records.filter(isAllow).map((event) => event.actionId));
  // A kill may cut the line being appended; nothing before it may be damaged.
  const damaged = (await verifyAuditDirectory(directory)).flatMap((log) =>
    log.problems.filter((problem) => problem.kind !== 'truncated'),
  ).length;
  return { executed: executed.length, withoutRecord: executed.filter((id) => !allowed.has(id)).length, damaged };
}

/** A fresh directory for one case; `inspect` it, then remove it. */
function caseFiles(): { caseDir: string; directory: string; executedFile: string } {
  const caseDir = mkdtempSync(join(work, 'case-'));
  return { caseDir, directory: join(caseDir, 'audit'), executedFile: join(caseDir, 'executed.txt') };
}

/** The figures of the crash property, over every case. */
const figures = { cases: 0, kills: 0, executed: 0, withoutRecord: 0, damagedBeforeTheEnd: 0 };

// A case runs 10,000 actions with fsync on each decision: a few seconds. `pnpm test:long` runs ten times as many.
jest.setTimeout(60 * 60_000);

describe("audit durability 'sync' under SIGKILL at random points", () => {
  it('no action executes without its decision on disk', async () => {
    const killPoints = fc.uniqueArray(fc.integer({ min: 1, max: ACTIONS - 1 }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(killPoints, fc.integer({ min: 0, max: 4 }), async (points, delayMs) => {
        const { caseDir, directory, executedFile } = caseFiles();
        let from = 0;
        let kills = 0;
        // After each kill a new process continues the run (as a supervisor would restart it), in a new log file.
        for (const killAt of [...points.sort((x, y) => x - y), Number.POSITIVE_INFINITY]) {
          if (killAt <= from) continue;
          const plan = { from, killAt, delayMs, durability: 'sync', selfKillAt: -1 } as const;
          const run = await runChild(directory, executedFile, plan);
          from = run.started;
          if (run.killed) kills += 1;
          else break;
        }
        const result = await inspect(directory, executedFile);
        rmSync(caseDir, { recursive: true, force: true });
        figures.cases += 1;
        figures.kills += kills;
        figures.executed += result.executed;
        figures.withoutRecord += result.withoutRecord;
        figures.damagedBeforeTheEnd += result.damaged;
        return result.withoutRecord === 0 && result.damaged === 0 && kills > 0 && result.executed > 0;
      }),
      propertyParameters(3),
    );

    expect(figures.withoutRecord).toBe(0);
    expect(figures.damagedBeforeTheEnd).toBe(0);
    expect(figures.kills).toBeGreaterThanOrEqual(figures.cases);
    // The child denies one action in seven: the rest of 10,000 a case, minus those in flight at a kill.
    expect(figures.executed).toBeGreaterThan(figures.cases * ACTIONS * 0.8);
    reportFigures('audit crash', figures);
  });

  /** Kills the child inside the body of action `amount`, right after its side effect, and inspects what is left. */
  async function killInsideTheBody(amount: number, durability: 'sync' | 'async'): Promise<CaseResult> {
    const { caseDir, directory, executedFile } = caseFiles();
    const plan = { from: 0, killAt: Number.POSITIVE_INFINITY, delayMs: 0, durability, selfKillAt: amount };
    const run = await runChild(directory, executedFile, plan);
    const result = await inspect(directory, executedFile);
    rmSync(caseDir, { recursive: true, force: true });
    expect(run.killed).toBe(true);
    return result;
  }

  // Amounts the child allows (it denies every seventh: amount % 7 === 6), spread over the 10,000 actions.
  const allowedAmount = fc.integer({ min: 0, max: ACTIONS - 1 }).filter((amount) => amount % 7 !== 6);

  it('killed inside a capability body right after its side effect: the decision is already on disk', async () => {
    const bodyKills = { cases: 0, executed: 0, withoutRecord: 0, damagedBeforeTheEnd: 0 };
    await fc.assert(
      fc.asyncProperty(allowedAmount, async (amount) => {
        const result = await killInsideTheBody(amount, 'sync');
        bodyKills.cases += 1;
        bodyKills.executed += result.executed;
        bodyKills.withoutRecord += result.withoutRecord;
        bodyKills.damagedBeforeTheEnd += result.damaged;
        return result.withoutRecord === 0 && result.damaged === 0 && result.executed > 0;
      }),
      // 9,990 (found by fast-check): the child once closed its runtime before the last async calls ran.
      { ...propertyParameters<[number]>(3), examples: [[9_990]] },
    );
    expect(bodyKills.withoutRecord).toBe(0);
    reportFigures('audit crash inside the body', bodyKills);
  });

  it("negative control: the same kill under durability 'async' leaves an executed action without a record", async () => {
    // Proves the check above can fail: with async durability the record of the running action is still queued.
    const result = await killInsideTheBody(2_000, 'async');

    expect(result.executed).toBeGreaterThan(1_000);
    expect(result.withoutRecord).toBeGreaterThan(0);
  });
});
