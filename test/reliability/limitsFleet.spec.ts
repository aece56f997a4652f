import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateLimit } from '@brane/decisions';
import type { AsyncLimitStore } from '@brane/limits';
import { PostgresLimitStore } from '@brane/postgres';
import { RedisLimitStore } from '@brane/redis';
import { Redis } from 'ioredis';
import { bundleFixture } from '../../packages/postgres/test/harness/bundleFixture';
import { runChildren } from '../../packages/postgres/test/harness/runChildren';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { redisTarget } from '../../packages/redis/test/redisTarget';
import { reportFigures } from './propertyRuns.js';

/*
 * Limits across processes, on the real shared stores: 4 processes × 16 concurrent callers spend a budget of
 * 10,000 in random costs of 1 to 50; the total executed must be at most 10,000 and at least 10,000 minus the
 * largest cost. A process killed (SIGKILL) while it holds a `concurrent` slot must lose it within its lease
 * (1,000 ms) plus the time to notice (polled every 50 ms).
 */
jest.setTimeout(5 * 60_000);

const BUDGET = 10_000;
const MAX_COST = 50;
const LEASE_MS = 1_000;

let directory: string;
let worker: string;
beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-limits-fleet-'));
  worker = bundleFixture(path.join(__dirname, 'fixtures', 'limitsFleetWorker.ts'), directory);
});
afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

/** Runs the fleet against `backend` and checks the budget's bounds. */
async function spendTogether(backend: string, url: string, namespace: string): Promise<void> {
  const results = (await Promise.all(
    Array.from(
      { length: 4 },
      async (_, i) => (await runChildren(worker, 1, ['budget', backend, url, namespace, String(i + 1)]))[0],
    ),
  )) as { executed: number; calls: number; denied: number; largest: number }[];
  const executed = results.reduce((sum, result) => sum + result.executed, 0);
  reportFigures(`limits fleet (${backend})`, {
    executed,
    calls: results.reduce((s, r) => s + r.calls, 0),
    denied: results.reduce((s, r) => s + r.denied, 0),
  });
  expect(executed).toBeLessThanOrEqual(BUDGET);
  expect(executed).toBeGreaterThanOrEqual(BUDGET - MAX_COST);
}

/** Kills a process holding the only slot, and measures how long until the slot is free again. */
async function slotOutlivesItsHolder(
  backend: string,
  url: string,
  namespace: string,
  store: AsyncLimitStore,
): Promise<void> {
  const child = spawn(process.execPath, [worker, 'hold', backend, url, namespace, '1']);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const until = async (line: string): Promise<void> => {
    while (!stdout.includes(`${line}\n`)) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  await until('ready');
  child.stdin.write('go\n');
  await until('held');
  const slot = validateLimit({ key: 'fleet:slot', kind: 'concurrent', max: 1, leaseMs: LEASE_MS });
  expect((await store.reserve('probe-0', [slot])).granted).toBe(false);
  const killedAt = Date.now();
  child.kill('SIGKILL');
  let freedAfter: number | undefined;
  for (let i = 1; freedAfter === undefined && Date.now() - killedAt < 3 * LEASE_MS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if ((await store.reserve(`probe-${i}`, [slot])).granted) freedAfter = Date.now() - killedAt;
  }
  reportFigures(`limits fleet (${backend}): slot freed after SIGKILL`, { freedAfterMs: freedAfter });
  expect(freedAfter).toBeDefined();
  expect(freedAfter).toBeLessThanOrEqual(LEASE_MS + 500);
}

const redis = redisTarget();
if ('skipped' in redis) {
  console.warn(`limits fleet on Redis skipped: ${redis.skipped}`);
  describe.skip('limits across processes on Redis (skipped: no Redis)', () => {
    it('needs a Redis server', () => undefined);
  });
} else {
  const url = redis.url;
  describe('limits across processes on Redis', () => {
    const prefix = `brane:fleet:${Date.now()}:${process.pid}:`;
    const client = new Redis(url);
    afterAll(() => client.quit());

    it('4 processes × 16 callers spend a budget of 10,000: at most 10,000, at least 10,000 minus one cost', async () => {
      await spendTogether('redis', url, prefix);
    });

    it('a process killed while it holds a concurrent slot loses it within its lease', async () => {
      await slotOutlivesItsHolder('redis', url, prefix, new RedisLimitStore({ client, prefix }));
    });
  });
}

describeWithDatabase(
  'limits across processes on PostgreSQL',
  (db) => {
    it('4 processes × 16 callers spend a budget of 10,000: at most 10,000, at least 10,000 minus one cost', async () => {
      await spendTogether('postgres', db().url, db().schema);
    });

    it('a process killed while it holds a concurrent slot loses it within its lease', async () => {
      await slotOutlivesItsHolder(
        'postgres',
        db().url,
        db().schema,
        new PostgresLimitStore({ pool: db().pool, schema: db().schema }),
      );
    });
  },
  { connections: 'several' },
);
