import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  auditStats,
  queryAuditEvents,
  readAuditRecords,
  streamAuditEvents,
  tailAuditEvents,
  verifyAuditDirectory,
} from '@brane/audit';
import { AuditError } from '@brane/errors';
import { writeLogDirectory } from './fixtures/writeLogDirectory.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * A log that cannot be opened or read never surfaces as a raw Node error. For any directory of 1 to 4 logs, any
 * Node error code below, and any point where the file system fails with it (examining or listing the directory,
 * opening the n-th log, or reading it once it is open), each of `readAuditRecords`, `streamAuditEvents`,
 * `queryAuditEvents`, `tailAuditEvents`, `auditStats` and `verifyAuditDirectory` rejects with an `AuditError`
 * `AUDIT_READ_FAILED`, `details: { file, kind }` naming the log (or the directory) and the kind its code is, and
 * the Node error itself as `cause`.
 */
const KINDS: Record<string, string> = {
  EACCES: 'denied',
  EPERM: 'denied',
  EMFILE: 'exhausted',
  ENFILE: 'exhausted',
  ENOMEM: 'exhausted',
  EISDIR: 'io',
  EIO: 'io',
  EBUSY: 'io',
  ELOOP: 'io',
  ENAMETOOLONG: 'io',
  ESTALE: 'io',
};

const READERS: Record<string, (directory: string) => Promise<unknown>> = {
  readAuditRecords: async (directory) => {
    let count = 0;
    for await (const record of readAuditRecords(directory)) count += record.seq > 0 ? 1 : 0;
    return count;
  },
  streamAuditEvents: async (directory) => {
    let count = 0;
    for await (const event of streamAuditEvents(directory)) count += event.type === 'action.created' ? 1 : 0;
    return count;
  },
  queryAuditEvents: async (directory) => (await queryAuditEvents(directory)).length,
  tailAuditEvents: async (directory) => (await tailAuditEvents(directory, 1_000)).length,
  auditStats: async (directory) => (await auditStats(directory)).events,
  verifyAuditDirectory: async (directory) => (await verifyAuditDirectory(directory)).length,
};

/** Where the file system fails: examining (`stat`, which `verifyAuditDirectory` does not do) or listing the directory, opening a log, reading it. */
const POINTS = ['stat', 'list', 'open', 'read'] as const;

let work = '';

beforeAll(() => {
  work = fs.mkdtempSync(join(tmpdir(), 'brane-reliability-read-errors-'));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

afterEach(() => {
  jest.restoreAllMocks();
});

jest.setTimeout(120_000);

describe('a log that cannot be opened or read', () => {
  it('is AUDIT_READ_FAILED naming it, with its kind and the Node error as cause; never a raw error', async () => {
    const figures: Record<string, number> = {};
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...Object.keys(KINDS)),
        fc.constantFrom(...POINTS),
        fc.nat(),
        fc.constantFrom(...Object.keys(READERS)),
        async (sizes, code, wanted, which, reader) => {
          const directory = join(work, `run-${round++}`);
          const files = await writeLogDirectory(directory, sizes);
          const point = wanted === 'stat' && reader === 'verifyAuditDirectory' ? 'list' : wanted;
          const victim = point === 'stat' || point === 'list' ? directory : files[which % files.length]!;
          const syscall = { stat: 'stat', list: 'scandir', open: 'open', read: 'read' }[point];
          const cause = Object.assign(new Error(`${code}: injected, ${syscall} '${victim}'`), {
            code,
            errno: -1,
            syscall,
            path: victim,
          });

          const stat = fs.promises.stat.bind(fs.promises);
          jest.spyOn(fs.promises, 'stat').mockImplementation(async (...args: Parameters<typeof stat>) => {
            if (point === 'stat' && args[0] === victim) throw cause;
            return await stat(...args);
          });
          const readdir = fs.promises.readdir.bind(fs.promises);
          jest.spyOn(fs.promises, 'readdir').mockImplementation(async (...args: Parameters<typeof readdir>) => {
            if (point === 'list' && args[0] === victim) throw cause;
            return await readdir(...args);
          });
          const open = fs.promises.open.bind(fs.promises);
          jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
            if (point === 'open' && args[0] === victim) throw cause;
            const handle = await open(...args);
            if (point === 'read' && args[0] === victim) handle.read = () => Promise.reject(cause);
            return handle;
          });

          let outcome: unknown;
          try {
            outcome = await READERS[reader]!(directory);
          } catch (error) {
            outcome = error;
          }
          jest.restoreAllMocks();

          figures[point] = (figures[point] ?? 0) + 1;
          expect(outcome).toBeInstanceOf(AuditError);
          expect(outcome).toMatchObject({
            code: 'AUDIT_READ_FAILED',
            details: { sink: 'jsonl', file: victim, kind: KINDS[code] },
          });
          expect((outcome as AuditError).cause).toBe(cause);
        },
      ),
      propertyParameters(200),
    );
    reportFigures('auditReadErrors', figures);
    for (const point of POINTS) expect(figures[point]).toBeGreaterThan(10);
  });
});
