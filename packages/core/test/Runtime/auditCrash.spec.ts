import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { isActionRecord, queryAuditEvents, verifyAuditDirectory } from '@brane/audit';

let work = '';
let bundle = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'brane-audit-crash-'));
  bundle = join(work, 'auditCrashChild.cjs');
  await build({
    entryPoints: [join(__dirname, 'fixtures', 'auditCrashChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'error',
  });
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Runs the child until it has made at least `calls` calls, then kills it with SIGKILL. */
function runAndKill(directory: string, executedFile: string, calls: number): Promise<void> {
  const child = spawn(process.execPath, [bundle, directory, executedFile]);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const made = Number(chunk.toString().trim().split('\n').at(-1));
      if (made >= calls) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the child ended without being killed: ${stderr}`));
    });
  });
}

describe("durability 'sync' survives SIGKILL", () => {
  it.each([[60], [310], [777]])(
    'every action whose capability ran has its decision on disk (killed after %i calls)',
    async (calls) => {
      const directory = join(work, `audit-${calls}`);
      const executedFile = join(work, `executed-${calls}.txt`);
      await runAndKill(directory, executedFile, calls);

      const executed = readFileSync(executedFile, 'utf8')
        .split('\n')
        .filter((line) => line !== '');
      // The record written before the body ran: the `decided` phase, with the before-stage decision.
      const decided = new Set(
        (await queryAuditEvents(directory, { type: 'action' }))
          .filter((event) => isActionRecord(event) && event.phase === 'decided' && event.decisions.before !== undefined)
          .map((event) => event.actionId),
      );
      const missing = executed.filter((actionId) => !decided.has(actionId));

      expect(executed.length).toBeGreaterThanOrEqual(calls);
      expect(missing).toStrictEqual([]);
      const verifications = await verifyAuditDirectory(directory);
      for (const verification of verifications) {
        // A kill can cut the last line of a batch that was being appended; nothing before it.
        expect(verification.problems.filter((problem) => problem.kind !== 'truncated')).toStrictEqual([]);
      }
    },
    60_000,
  );
});
