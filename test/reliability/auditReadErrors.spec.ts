import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  auditStats,
  JsonlFileSink,
  queryAuditEvents,
  readAuditRecords,
  streamAuditEvents,
  tailAuditEvents,
  verifyAuditDirectory,
  verifyAuditLog,
  type AuditEvent,
  type NonRegularFileKind,
} from '@brane/audit';
import { AuditError, BraneError } from '@brane/errors';
import { armFifoWatchdog } from './fixtures/armFifoWatchdog.js';
import { writeLogDirectory } from './fixtures/writeLogDirectory.js';
import { propertyParametersWith, reportFigures } from './propertyRuns.js';

/**
 * A log or head file that cannot be opened or read never surfaces as a raw Node error, nor as a problem of the log,
 * and one that is not a regular file is refused, never waited on. For any directory of 1 to 4 logs, any Node error
 * code below, and any point where the file system fails with it (examining or listing the directory, opening the
 * n-th log, reading it once it is open, or opening its head file):
 *
 * - each of `readAuditRecords`, `streamAuditEvents`, `queryAuditEvents`, `tailAuditEvents`, `auditStats`,
 *   `verifyAuditDirectory` and `verifyAuditLog` (of every log by name) rejects with an `AuditError`
 *   `AUDIT_READ_FAILED`, `details: { file, kind }` naming the log, head file or directory and the kind its code is,
 *   and the Node error itself as `cause` (only the verifiers read head files);
 * - a `JsonlFileSink` reopening the log, which verifies it synchronously (`open`, `read` and `head` through
 *   `openSync` and `readSync`), refuses its write (fail closed) with `AUDIT_WRITE_FAILED`,
 *   `details: { file, kind, unreadable }` naming the log, the kind and the file it could not read, the same
 *   `AUDIT_READ_FAILED` as `cause`; it wrote nothing, and once the file system answers its next write continues the
 *   chain.
 *
 * And where a log or head file is opened, it may instead be a FIFO, a character device (a link to `/dev/null`) or,
 * for a head file, a directory (a log that is a directory is skipped by the directory readers): each reader refuses
 * it at once as `INVALID_ARGUMENT` (`details: { file, kind }` naming it and what it is: `'fifo'`, `'device'`,
 * `'directory'`), as a log that is not a regular file always was, and
 * the sink refuses its write with `AUDIT_WRITE_FAILED` and that error as `cause`, fail closed. A FIFO opened to read
 * blocks until a writer comes: a watchdog on its own thread frees such a reader (the sink's blocks the event loop)
 * after {@link HANG_MS}, failing the case; an async reader also races a timer.
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

/** Where a log or head file is something other than a regular file, and at which points it is. */
const NON_REGULAR: Record<
  string,
  { readonly points: readonly Point[]; readonly kind: NonRegularFileKind; readonly make: (victim: string) => void }
> = {
  FIFO: { points: ['open', 'head'], kind: 'fifo', make: (victim) => execFileSync('mkfifo', [victim]) },
  device: {
    points: ['open', 'head'],
    kind: 'device',
    make: (victim) => {
      fs.symlinkSync('/dev/null', victim);
    },
  },
  directory: {
    points: ['head'],
    kind: 'directory',
    make: (victim) => {
      fs.mkdirSync(victim);
    },
  },
};

/** How long a reader may take before it is deemed to hang: it answers a non-regular file at once. */
const HANG_MS = 2_000;

const READERS: Record<string, (directory: string, files: readonly string[]) => Promise<unknown>> = {
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
  verifyAuditLog: async (_, files) => {
    for (const file of files) await verifyAuditLog(file);
    return files.length;
  },
};

/** The sink reopening a log: the synchronous verifier. */
const SINK = 'JsonlFileSink';

/**
 * Where the file system fails: examining (`stat`) or listing the directory, opening a log, reading it, opening its
 * head file; and which of them each reader goes through.
 */
type Point = 'stat' | 'list' | 'open' | 'read' | 'head';
const POINTS: Record<string, readonly Point[]> = {
  readAuditRecords: ['stat', 'list', 'open', 'read'],
  streamAuditEvents: ['stat', 'list', 'open', 'read'],
  queryAuditEvents: ['stat', 'list', 'open', 'read'],
  tailAuditEvents: ['stat', 'list', 'open', 'read'],
  auditStats: ['stat', 'list', 'open', 'read'],
  verifyAuditDirectory: ['list', 'open', 'read', 'head'],
  verifyAuditLog: ['open', 'read', 'head'],
  [SINK]: ['open', 'read', 'head'],
};
const CASES = Object.entries(POINTS).flatMap(([reader, points]) => points.map((point) => [reader, point] as const));
/** The values of one case: the logs' sizes, the error code, the reader and point, which log. */
type Example = [number[], string, (typeof CASES)[number], number];

const event = (n: number): AuditEvent =>
  ({
    type: 'action.created',
    time: '2026-02-01T00:00:00.000Z',
    actionId: `act_new_${n}`,
    capability: 'refund',
  }) as unknown as AuditEvent;

/** Makes the file system fail with `cause` at `point` on `victim`, through the async API and the sync one. */
function inject(point: Point, victim: string, cause: Error): void {
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
    if ((point === 'open' || point === 'head') && args[0] === victim) throw cause;
    const handle = await open(...args);
    if (point === 'read' && args[0] === victim) handle.read = () => Promise.reject(cause);
    return handle;
  });
  // The sink opens its log to write it too: only opening it to read (the verifier) fails.
  const victimFds = new Set<number>();
  const openSync = fs.openSync.bind(fs);
  jest.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof openSync>) => {
    const reading = typeof args[1] !== 'number' || (args[1] & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) === 0;
    if ((point === 'open' || point === 'head') && args[0] === victim && reading) throw cause;
    const fd = openSync(...args);
    if (point === 'read' && args[0] === victim && reading) victimFds.add(fd);
    return fd;
  });
  const readSync = fs.readSync.bind(fs);
  jest.spyOn(fs, 'readSync').mockImplementation((...args: Parameters<typeof readSync>) => {
    if (victimFds.has(args[0])) throw cause;
    return readSync(...args);
  });
}

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

/** Settles as `promise` does, or with {@link HUNG} once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof HUNG> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<typeof HUNG>((resolve) => {
    timer = setTimeout(() => {
      resolve(HUNG);
    }, ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}
const HUNG = Symbol('hung');

describe('a log or head file that cannot be opened or read', () => {
  it('is AUDIT_READ_FAILED naming it, with its kind and the Node error as cause; the sink refuses it, fail closed', async () => {
    const figures: Record<string, number> = {};
    const codes = Object.keys(KINDS);
    const nonRegular = Object.entries(NON_REGULAR).flatMap(([kind, { points }]) =>
      CASES.filter(([, point]) => points.includes(point)).map((each) => [kind, each] as const),
    );
    const covered = new Set<string>();
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.oneof(
          { arbitrary: fc.constantFrom(...codes), weight: 3 },
          { arbitrary: fc.constantFrom(...Object.keys(NON_REGULAR)), weight: 1 },
        ),
        fc.oneof(
          { arbitrary: fc.constantFrom(...CASES.filter(([reader]) => reader !== SINK)), weight: 2 },
          { arbitrary: fc.constantFrom(...CASES.filter(([reader]) => reader === SINK)), weight: 1 },
        ),
        fc.nat(),
        async (sizes, code, [reader, point], which) => {
          const unlike = NON_REGULAR[code];
          fc.pre(unlike === undefined || unlike.points.includes(point));
          const directory = join(work, `run-${round++}`);
          const files = await writeLogDirectory(directory, sizes);
          const log = files[which % files.length]!;
          const victim = point === 'stat' || point === 'list' ? directory : point === 'head' ? `${log}.head` : log;
          const syscall = { stat: 'stat', list: 'scandir', open: 'open', read: 'read', head: 'open' }[point];
          const cause = Object.assign(new Error(`${code}: injected, ${syscall} '${victim}'`), {
            code,
            errno: -1,
            syscall,
            path: victim,
          });
          const before = [fs.readFileSync(log), fs.readFileSync(`${log}.head`)];
          const sink = reader === SINK ? new JsonlFileSink({ file: log }) : undefined;

          let watchdog: ReturnType<typeof armFifoWatchdog> | undefined;
          if (unlike === undefined) {
            inject(point, victim, cause);
          } else {
            fs.rmSync(victim);
            unlike.make(victim);
            if (code === 'FIFO') watchdog = armFifoWatchdog(victim, HANG_MS);
          }
          let outcome: unknown;
          try {
            if (sink === undefined) outcome = await within(READERS[reader]!(directory, files), 2 * HANG_MS);
            else sink.writeSync([event(1)]);
          } catch (error) {
            outcome = error;
          }
          const refusedAsync = await sink?.write([event(2)]).then(
            () => undefined,
            (error: unknown) => error,
          );
          jest.restoreAllMocks();
          const freed = watchdog?.fired() ?? false;
          await watchdog?.disarm();
          if (unlike !== undefined) {
            fs.rmSync(victim, { recursive: true });
            fs.writeFileSync(victim, before[point === 'head' ? 1 : 0]!);
          }
          if (freed || outcome === HUNG) {
            throw new Error(
              `${reader} waited on ${victim}, a ${code}, until ${freed ? 'a watchdog freed it' : 'timed out'}`,
            );
          }

          const figure = `${sink === undefined ? 'async' : 'sync'} ${point}${unlike === undefined ? '' : ` ${code}`}`;
          figures[figure] = (figures[figure] ?? 0) + 1;
          covered.add(`${reader} ${point}${unlike === undefined ? '' : ` ${code}`}`);
          const readFailure =
            unlike === undefined
              ? { code: 'AUDIT_READ_FAILED', details: { sink: 'jsonl', file: victim, kind: KINDS[code] } }
              : { code: 'INVALID_ARGUMENT', details: { file: victim, kind: unlike.kind } };
          if (sink === undefined) {
            expect(outcome).toBeInstanceOf(unlike === undefined ? AuditError : BraneError);
            expect(outcome).toMatchObject(readFailure);
            if (unlike === undefined) expect((outcome as AuditError).cause).toBe(cause);
            else expect((outcome as BraneError).message).toMatch(point === 'head' ? /audit head file/ : /audit log/);
            return;
          }
          // A file that is not a regular file is not a read failure of a kind: the sink's error names only its log.
          const refused = {
            code: 'AUDIT_WRITE_FAILED',
            details: unlike === undefined ? { file: log, kind: KINDS[code], unreadable: victim } : { file: log },
          };
          for (const failure of [outcome, refusedAsync]) {
            expect(failure).toBeInstanceOf(AuditError);
            expect(failure).toMatchObject(refused);
            expect((failure as AuditError).cause).toBeInstanceOf(BraneError);
            expect((failure as AuditError).cause).toMatchObject(readFailure);
            if (unlike === undefined) expect(((failure as AuditError).cause as AuditError).cause).toBe(cause);
          }
          // Fail closed: nothing written; once the file system answers, the next write continues the chain.
          expect([fs.readFileSync(log), fs.readFileSync(`${log}.head`)]).toStrictEqual(before);
          sink.writeSync([event(3)]);
          await sink.close();
          await expect(verifyAuditLog(log)).resolves.toMatchObject({
            ok: true,
            records: sizes[which % sizes.length]! + 1,
          });
        },
      ),
      // Every reader at every point it goes through, whatever the draws, and at every point where a file can be of
      // each kind that is not a regular file.
      propertyParametersWith<Example>(300, [
        ...CASES.map((each, index): Example => [[2, 1], codes[index % codes.length]!, each, index]),
        ...nonRegular.map(([kind, each], index): Example => [[2, 1], kind, each, index]),
      ]),
    );
    reportFigures('auditReadErrors', figures);
    expect([...covered].sort()).toStrictEqual(
      [
        ...CASES.map(([reader, point]) => `${reader} ${point}`),
        ...nonRegular.map(([kind, [reader, point]]) => `${reader} ${point} ${kind}`),
      ].sort(),
    );
  });
});
