import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { approvedRefunds } from './fixtures/approvedRefunds';
import { bundleFixture } from './harness/bundleFixture';
import { describeWithDatabase } from './harness/testDatabase';

/**
 * Restarting the server disturbs everything else that uses it, so this suite runs only when asked:
 * BRANE_TEST_DATABASE_RESTART=1, with a local cluster that `pg_ctlcluster` manages (`.ci/run` runs it on its
 * own, after the other tests). It always leaves the server running.
 */
const cluster = (() => {
  if (process.env['BRANE_TEST_DATABASE_RESTART'] !== '1') return undefined;
  try {
    const [version = ''] = fs.readdirSync('/etc/postgresql');
    // Exits 0 when the cluster runs (3 when it is stopped): either way, pg_ctlcluster manages it.
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'status'], { stdio: 'ignore' });
    return version;
  } catch {
    return undefined;
  }
})();

function pgCtl(action: 'start' | 'stop'): void {
  const args = [
    '--skip-systemctl-redirect',
    cluster ?? '',
    'main',
    action,
    ...(action === 'stop' ? ['-m', 'fast'] : []),
  ];
  execFileSync('pg_ctlcluster', args, { stdio: 'inherit' });
}

function isReady(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-q']);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilReady(): Promise<void> {
  for (let i = 0; i < 120 && !isReady(); i++) await new Promise((resolve) => setTimeout(resolve, 500));
  if (!isReady()) throw new Error('PostgreSQL did not come back');
}

const describeRestart = cluster === undefined ? describe.skip : describe;

describeRestart('the database restarted in the middle of a run (opt-in: BRANE_TEST_DATABASE_RESTART=1)', () => {
  describeWithDatabase(
    'a fleet across a restart',
    (db) => {
      let directory: string;
      afterAll(async () => {
        if (!isReady()) pgCtl('start');
        await waitUntilReady();
        fs.rmSync(directory, { recursive: true, force: true });
      });

      it('8 workers resume 1,000 approvals while the server stops and starts: nothing lost, nothing run twice', async () => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-restart-'));
        const worker = bundleFixture(path.join(__dirname, 'fixtures', 'fleetWorker.ts'), directory);
        const ids = await approvedRefunds(db().pool, db().schema, 1_000);
        const idsFile = path.join(directory, 'ids');
        fs.writeFileSync(idsFile, ids.join('\n'));
        const ledgers = Array.from({ length: 8 }, (_, i) => path.join(directory, `ledger-${i}`));
        const workers = ledgers.map((ledger) => {
          const child = spawn(process.execPath, [worker, 'race', db().url, db().schema, idsFile, ledger, 'retry']);
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            if (stdout === 'ready\n') child.stdin.end('go\n');
          });
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          return new Promise<{ executed: number; retried: number }>((resolve, reject) => {
            child.once('exit', (code) => {
              const last = stdout.trim().split('\n').pop() ?? '';
              if (code === 0) resolve(JSON.parse(last) as { executed: number; retried: number });
              else reject(new Error(`worker exited with ${code}: ${stderr}`));
            });
          });
        });
        const lines = (): string[] =>
          ledgers
            .flatMap((file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []))
            .filter(Boolean);
        while (lines().length < 250) await new Promise((resolve) => setTimeout(resolve, 100));
        pgCtl('stop');
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        pgCtl('start');
        await waitUntilReady();
        const results = await Promise.all(workers);

        const ran = lines();
        const rows = (
          await db()
            .newPool(1)
            .query<{ id: string; status: string }>(`SELECT id, status FROM "${db().schema}".approvals`)
        ).rows;
        const withStatus = (status: string) => rows.filter((row) => row.status === status).map((row) => row.id);
        const [completed, executing] = [withStatus('completed'), withStatus('executing')];
        const retried = results.reduce((n, result) => n + result.retried, 0);
        process.stderr.write(
          `after the restart: ${completed.length} completed, ${executing.length} executing (in doubt), ${ran.length} executions, ${retried} resumes retried\n`,
        );
        expect(new Set(ran).size).toBe(ran.length); // nothing run twice
        expect(completed.length + executing.length).toBe(1_000); // nothing lost, nothing left approved
        const ranSet = new Set(ran);
        expect(completed.filter((id) => !ranSet.has(id))).toStrictEqual([]); // completed means it ran
        const claimed = new Set([...completed, ...executing]);
        expect(ran.filter((id) => !claimed.has(id))).toStrictEqual([]); // nothing ran without its claim
        expect(executing.length).toBeLessThanOrEqual(16); // in doubt: in flight when the server stopped
      }, 600_000);
    },
    { connections: 'several' },
  );
});
