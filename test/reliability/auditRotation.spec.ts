import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { auditStats, queryAuditEvents, readAuditRecords, streamAuditEvents, tailAuditEvents } from '@brane/audit';
import { AuditError } from '@brane/errors';
import { writeLogDirectory } from './fixtures/writeLogDirectory.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * A log deleted or rotated away while a reader runs never surfaces as Node's `ENOENT`. For any directory of 1 to 5
 * logs and any moment (just before the reader opens its n-th log, or before it lists the directory), any log or the
 * directory itself deleted then, each of `readAuditRecords`, `streamAuditEvents`, `queryAuditEvents`,
 * `tailAuditEvents` and `auditStats`:
 *
 * - reads every record of every log it lists, when the log deleted was already open (the file stays readable), and
 *   every record but that log's when it was deleted before the listing (it is not there to read);
 * - or rejects with an `AuditError` `AUDIT_READ_FAILED`, `details: { file, kind: 'missing' }` naming the log (or the
 *   directory) that was gone, when it came to open it: never a raw error, never a silent skip.
 */
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
};

let work = '';

beforeAll(() => {
  work = fs.mkdtempSync(join(tmpdir(), 'brane-reliability-rotation-'));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

afterEach(() => {
  jest.restoreAllMocks();
});

jest.setTimeout(120_000);

describe('a log deleted or rotated away while it is read', () => {
  it('is read whole, or is AUDIT_READ_FAILED naming it; never ENOENT', async () => {
    const figures = { read: 0, missing: 0 };
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...Object.keys(READERS)),
        async (sizes, at, which, reader) => {
          const directory = join(work, `run-${round++}`);
          const files = await writeLogDirectory(directory, sizes);
          // The moment: before the directory is listed (0), or before the reader opens its `at`-th log (1..n).
          const moment = at % (files.length + 1);
          const victim = moment === 0 && which % 2 === 0 ? directory : files[which % files.length]!;
          const victimIndex = files.indexOf(victim);
          const remove = (): void => {
            fs.rmSync(victim, { recursive: true, force: true });
          };
          let opens = 0;
          const open = fs.promises.open.bind(fs.promises);
          jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
            opens += 1;
            if (opens === moment) remove();
            return open(...args);
          });
          const readdir = fs.promises.readdir.bind(fs.promises);
          jest.spyOn(fs.promises, 'readdir').mockImplementation(async (...args: Parameters<typeof readdir>) => {
            if (moment === 0) remove();
            return await readdir(...args);
          });

          let outcome: unknown;
          try {
            outcome = await READERS[reader]!(directory);
          } catch (error) {
            outcome = error;
          }
          jest.restoreAllMocks();

          const total = sizes.reduce((sum, size) => sum + size, 0);
          if (victim === directory || (moment > 0 && victimIndex + 1 >= moment)) {
            // Gone when the reader came to it: the directory before its listing, a log before its opening.
            figures.missing += 1;
            expect(outcome).toBeInstanceOf(AuditError);
            expect(outcome).toMatchObject({ code: 'AUDIT_READ_FAILED', details: { file: victim, kind: 'missing' } });
          } else {
            // Deleted before the listing (never seen), or once it was open (read to the end).
            figures.read += 1;
            expect(outcome).toBe(moment === 0 ? total - sizes[victimIndex]! : total);
          }
        },
      ),
      propertyParameters(200),
    );
    reportFigures('auditRotation', figures);
    expect(figures.read).toBeGreaterThan(10);
    expect(figures.missing).toBeGreaterThan(10);
  });
});
