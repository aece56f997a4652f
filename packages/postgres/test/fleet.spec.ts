import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PostgresApprovalStore } from '@brane/postgres';
import { approvedRefunds } from './fixtures/approvedRefunds';
import { refundRuntime } from './fixtures/refundRuntime';
import { bundleFixture } from './harness/bundleFixture';
import { runChildren } from './harness/runChildren';
import { describeWithDatabase } from './harness/testDatabase';

/** Every line of every ledger file in `directory`: the ids the workers executed. */
function executed(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.startsWith('ledger-'))
    .flatMap((name) => fs.readFileSync(path.join(directory, name), 'utf8').split('\n').filter(Boolean));
}

describeWithDatabase(
  'a fleet of worker processes on one database (each worker with its own connections)',
  (db) => {
    let directory: string;
    let worker: string;
    beforeAll(() => {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-fleet-'));
      worker = bundleFixture(path.join(__dirname, 'fixtures', 'fleetWorker.ts'), directory);
    });
    afterAll(() => {
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('8 workers race to resume the same 1,000 approvals: 1,000 executions, none twice', async () => {
      const ids = await approvedRefunds(db().pool, db().schema, 1_000);
      const idsFile = path.join(directory, 'race-ids');
      fs.writeFileSync(idsFile, ids.join('\n'));
      const runs = Array.from({ length: 8 }, (_, i) => path.join(directory, `ledger-race-${i}`));

      const results = (await Promise.all(
        runs.map(async (ledger) => (await runChildren(worker, 1, ['race', db().url, db().schema, idsFile, ledger]))[0]),
      )) as { executed: number; used: number }[];

      const lines = executed(directory).filter((id) => ids.includes(id));
      expect(lines).toHaveLength(1_000);
      expect(new Set(lines).size).toBe(1_000);
      expect(results.reduce((sum, result) => sum + result.executed, 0)).toBe(1_000);
      expect(results.every((result) => result.executed + result.used === 1_000)).toBe(true);
      const states = await db().pool.query(
        `SELECT status, count(*)::int AS n FROM "${db().schema}".approvals WHERE id = ANY($1) GROUP BY status`,
        [ids],
      );
      expect(states.rows).toStrictEqual([{ status: 'completed', n: 1_000 }]);
      process.stderr.write(`executions per worker: ${results.map((result) => result.executed).join(', ')}\n`);
    }, 300_000);

    it('a worker killed (SIGKILL) between claim and completion leaves its approval executing, visible, never run again', async () => {
      const [id = ''] = await approvedRefunds(db().pool, db().schema, 1);
      const ledger = path.join(directory, 'ledger-killed');
      const child = spawn(process.execPath, [worker, 'hang', db().url, db().schema, id, ledger]);
      let stdout = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('ready\n') && !stdout.includes('go')) {
            stdout += 'go';
            child.stdin.end('go\n');
          }
          if (stdout.includes('claimed\n')) resolve();
        });
        child.once('exit', (code) => {
          reject(new Error(`the worker exited (${code}) before it claimed`));
        });
      });
      const killed = new Promise((resolve) =>
        child.once('exit', (_code, signal) => {
          resolve(signal);
        }),
      );
      child.kill('SIGKILL');
      await expect(killed).resolves.toBe('SIGKILL');

      const { runtime } = refundRuntime(new PostgresApprovalStore({ pool: db().pool, schema: db().schema }), () => 'x');
      await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'executing' });
      expect((await runtime.approvals.list({ state: 'executing' })).map((record) => record.id)).toContain(id);
      const [again] = await runChildren(worker, 1, ['resume', db().url, db().schema, id, ledger]);
      expect(again).toStrictEqual({ code: 'APPROVAL_ALREADY_USED' });
      await expect(runtime.resume(id)).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
      expect(fs.existsSync(ledger)).toBe(false);
    }, 120_000);
  },
  { connections: 'several' },
);
