import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Runtime } from '@brane/core';
import { AuditError } from '@brane/errors';
import { PostgresAuditLog, PostgresAuditSink } from '@brane/postgres';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles as `promise`, or rejects after `ms` naming `what`: no step of a restart test may hang the suite. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what}: not done within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `done()` or `ms` pass. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(20);
}

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

  describeWithDatabase(
    'an audit trail across a restart',
    (db) => {
      afterAll(async () => {
        if (!isReady()) pgCtl('start');
        await waitUntilReady();
      });

      it('16 workers audit actions while the server stops and starts: every action that ran has its record, once, and the stream verifies', async () => {
        const sink = new PostgresAuditSink({
          connectionString: db().url,
          schema: db().schema,
          maxConnections: 2,
          timeoutMs: 2_000,
        });
        const runtime = new Runtime({ environment: 'prod', tenantId: 'acme', audit: { sinks: [sink] } });
        const ran: { n: number; capability: string }[] = [];
        let refused = 0;
        const body = (capability: string) => async (n: number) => {
          ran.push({ n, capability });
          await sleep(2);
          return n;
        };
        // Async durability: the action runs, its records wait in the queue through the outage. Sync durability:
        // the action runs only once its decision record is committed, so during the outage it is refused.
        const queued = runtime.capability({ name: 'restart.async' }, body('restart.async'));
        const durable = runtime.capability({ name: 'restart.sync', durability: 'sync' }, body('restart.sync'));
        let next = 0;
        let stopping = false;
        const workers = Array.from({ length: 16 }, async () => {
          while (!stopping && next < 6_000) {
            const n = next++;
            try {
              await (n % 2 === 0 ? queued(n) : durable(n));
            } catch (error) {
              if (!(error instanceof AuditError)) throw error;
              refused += 1;
              await sleep(20);
            }
          }
        });
        try {
          await until(() => ran.length >= 500, 30_000);
          pgCtl('stop');
          try {
            await sleep(2_000);
          } finally {
            pgCtl('start');
            await waitUntilReady();
          }
          const after = ran.length;
          await until(() => ran.length >= after + 500, 30_000);
        } finally {
          stopping = true;
          await within(30_000, 'the workers', Promise.all(workers));
          await within(60_000, 'closing the runtime', runtime.close());
        }

        const { rows } = await db()
          .newPool(1)
          .query<{ capability: string; phase: string; outcome: string | null; action_id: string; n: string }>(
            `SELECT capability, phase, outcome, action_id, event_json::json->'args'->>'n' AS n FROM "${db().schema}".audit_records WHERE stream = ANY($1)`,
            [sink.streams],
          );
        const key = (capability: string, n: number | string) => `${capability}#${n}`;
        // An action that ran completes `allowed`; one refused because its decision record could not be written
        // completes `denied` (that record is written once the server is back).
        const completed = rows
          .filter((row) => row.phase === 'completed' && row.outcome === 'allowed')
          .map((row) => key(row.capability, row.n));
        const decided = rows.filter((row) => row.phase === 'decided').map((row) => key(row.capability, row.n));
        process.stderr.write(
          `audit across the restart: ${ran.length} actions ran, ${refused} refused, ${rows.length} records\n`,
        );
        expect(refused).toBeGreaterThan(0); // the outage was seen: durable actions were refused meanwhile
        expect(new Set(rows.map((row) => `${row.action_id}/${row.phase}`)).size).toBe(rows.length); // none twice
        expect(completed.sort()).toStrictEqual(ran.map((action) => key(action.capability, action.n)).sort());
        const denied = rows.filter((row) => row.phase === 'completed' && row.outcome === 'denied');
        expect(denied).toHaveLength(refused); // every refusal recorded too
        const durableRan = ran.filter((action) => action.capability === 'restart.sync');
        // A refused action's decision record may still be written once the server is back (it stays queued).
        const decidedSet = new Set(decided);
        expect(durableRan.filter((action) => !decidedSet.has(key(action.capability, action.n)))).toStrictEqual([]);
        const log = new PostgresAuditLog({ pool: db().newPool(1), schema: db().schema });
        const verified = (await Promise.all(sink.streams.map((stream) => log.verify({ stream })))).flat();
        expect(verified.every((stream) => stream.ok)).toBe(true);
        expect(verified.reduce((sum, stream) => sum + stream.records, 0)).toBe(rows.length);
      }, 180_000);
    },
    { connections: 'several' },
  );
});
