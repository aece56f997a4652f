import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PostgresAuditLog } from '@brane/postgres';
import { bundleFixture } from './harness/bundleFixture';
import { runChildren } from './harness/runChildren';
import { describeWithDatabase } from './harness/testDatabase';

describeWithDatabase(
  'a fleet of processes auditing into one table (each its own stream and connections)',
  (db) => {
    let directory: string;
    let worker: string;
    beforeAll(() => {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-fleet-audit-'));
      worker = bundleFixture(path.join(__dirname, 'fixtures', 'auditWorker.ts'), directory);
    });
    afterAll(() => {
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('4 processes audit 250,000 actions into one table, and every stream verifies', async () => {
      const results = (await runChildren(worker, 4, [db().url, db().schema, '62500'])) as {
        streams: string[];
        actions: number;
        ms: number;
      }[];
      const log = new PostgresAuditLog({ pool: db().pool, schema: db().schema });
      const streams = await log.verify();
      expect(streams.map((stream) => stream.stream).sort()).toStrictEqual(results.flatMap((r) => r.streams).sort());
      expect(streams.every((stream) => stream.ok)).toBe(true);
      // Each process's streams (two each) hold its actions between them, each once.
      const recordsOf = (names: readonly string[]): number =>
        streams.filter((stream) => names.includes(stream.stream)).reduce((sum, stream) => sum + stream.records, 0);
      expect(results.map((r) => recordsOf(r.streams))).toStrictEqual([62_500, 62_500, 62_500, 62_500]);
      const stats = await log.stats({ capability: 'fleet.step' });
      expect(stats).toMatchObject({ events: 250_000, actions: 250_000, byOutcome: { allowed: 250_000 } });
      process.stderr.write(`audit fleet: ms per process ${results.map((r) => r.ms).join(', ')}\n`);
    }, 600_000);
  },
  { connections: 'several' },
);
