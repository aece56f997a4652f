import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditStats, verifyAuditDirectory } from '@brane/audit';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';

/**
 * Calls in one synchronous loop: 100,000 under `pnpm test` (about 35 s on a loaded 2-core machine), and 1,000,000
 * under `pnpm test:long` (BRANE_PROPERTY_SCALE=10).
 */
const scale = Number(process.env['BRANE_PROPERTY_SCALE'] ?? '1');
const CALLS = 100_000 * (Number.isFinite(scale) && scale > 0 ? scale : 1);

class Directory {
  @Capability({ name: 'lookup', risk: 'low' })
  lookup(id: number): number {
    return id;
  }
}

jest.setTimeout(30 * 60_000);

describe('a synchronous burst with the default audit trail (`audit: {}`)', () => {
  it(`${CALLS.toLocaleString('en-US')} calls in one loop: none denied, none lost, and the log verifies`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brane-reliability-burst-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const runtime = new Runtime({ agentId: 'burst', audit: {} });
      runtime.beforeCapability('lookup', { name: 'known', version: '1' }, () => Decision.allow());
      const directory = runtime.govern(new Directory());
      let denied = 0;
      /** The most records the trail held at once: a full queue is written at once, never held behind it. */
      let held = 0;
      for (let id = 0; id < CALLS; id += 1) {
        try {
          directory.lookup(id);
        } catch {
          denied += 1;
        }
        if (id % 1_000 === 0) {
          const { queued = 0, waiting = 0 } = runtime.auditStats()['jsonl'] ?? {};
          held = Math.max(held, queued + waiting);
        }
      }
      await runtime.close();

      const logs = await verifyAuditDirectory(join(dir, '.brane', 'audit'));
      const stats = await auditStats(join(dir, '.brane', 'audit'));
      expect(denied).toBe(0);
      expect(held).toBeLessThanOrEqual(10_000); // the default bufferSize: memory stays bounded, whatever CALLS is
      expect(logs.map((log) => [log.ok, log.problems])).toStrictEqual([[true, []]]);
      expect(logs[0]?.records).toBe(CALLS);
      expect(stats).toMatchObject({ events: CALLS, actions: CALLS, byOutcome: { allowed: CALLS } });
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
