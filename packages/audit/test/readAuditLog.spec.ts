import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditEvent } from '../src/AuditEvent.js';
import type { AuditRecord } from '../src/AuditRecord.js';
import { JsonlFileSink } from '../src/JsonlFileSink.js';
import { auditStats } from '../src/auditStats.js';
import {
  queryAuditEvents,
  readAuditRecords,
  streamAuditEvents,
  tailAuditEvents,
  type AuditEventFilter,
  type AuditQuery,
} from '../src/readAuditLog.js';
import { T0, at, makeTempDir, numberedEvent, removeTempDir, sampleEvents } from './fixtures/events.js';

/** The events as they come back from a log: JSON data. */
function stored(events: readonly AuditEvent[]): AuditEvent[] {
  return JSON.parse(JSON.stringify(events)) as AuditEvent[];
}

async function writeLog(file: string, events: readonly AuditEvent[]): Promise<void> {
  const sink = new JsonlFileSink({ file });
  sink.writeSync(events);
  await sink.close();
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('reading audit logs', () => {
  let root: string;
  const all = sampleEvents();

  beforeEach(async () => {
    root = makeTempDir();
    // Two files, named so that name order is write order; the second is written first.
    await writeLog(path.join(root, '2026-01-01T00-00-01.000Z-2-b.jsonl'), all.slice(12));
    await writeLog(path.join(root, '2026-01-01T00-00-00.000Z-1-a.jsonl'), all.slice(0, 12));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    removeTempDir(root);
  });

  describe('readAuditRecords', () => {
    it('reads every record of a directory, files in name order, lines in order', async () => {
      expect(all).toHaveLength(24);
      const records = await collect(readAuditRecords(root));
      expect(records.map((record) => record.seq)).toStrictEqual(
        [...Array(12).keys(), ...Array(12).keys()].map((n) => n + 1),
      );
      expect(records.map((record) => record.event)).toStrictEqual(stored(all));
      expect(Object.keys(records[0]!)).toStrictEqual(['seq', 'prev', 'hash', 'event']);
    });

    it('reads one file', async () => {
      const records = await collect(readAuditRecords(path.join(root, '2026-01-01T00-00-01.000Z-2-b.jsonl')));
      expect(records.map((record) => record.event)).toStrictEqual(stored(all.slice(12)));
    });

    it('skips lines that are not records and a cut-off last line, and files that are not logs', async () => {
      const file = path.join(root, '2026-01-01T00-00-00.000Z-1-a.jsonl');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.splice(3, 0, 'garbage', '', '{"seq":1}', '[1,2]', 'null');
      fs.writeFileSync(file, `${lines.join('\n')}{"seq":13,"prev":"`);
      fs.writeFileSync(path.join(root, 'notes.txt'), '{"seq":1,"event":{"type":"x"}}\n');
      fs.mkdirSync(path.join(root, 'dir.jsonl'));
      const records: AuditRecord[] = await collect(readAuditRecords(root));
      expect(records.map((record) => record.event)).toStrictEqual(stored(all));
    });

    it('reads nothing from an empty directory, and refuses a path with nothing at it', async () => {
      fs.mkdirSync(path.join(root, 'empty'));
      await expect(collect(readAuditRecords(path.join(root, 'empty')))).resolves.toStrictEqual([]);
      await expect(collect(readAuditRecords(path.join(root, 'missing')))).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/No audit log or directory/) as string,
      });
      await expect(collect(readAuditRecords(''))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe('queryAuditEvents', () => {
    const time = (event: AuditEvent): number => Date.parse(event.time);

    it.each<[AuditQuery, (event: AuditEvent) => boolean, number]>([
      [{}, () => true, 24],
      [{ capability: 'payments.refund' }, (event) => event.capability === 'payments.refund', 14],
      [{ type: 'action.completed' }, (event) => event.type === 'action.completed', 5],
      [{ decision: 'deny' }, (event) => event.actionId === 'a2' && 'decision' in event, 2],
      [{ decision: 'denied' }, (event) => event.actionId === 'a2' && event.type === 'action.completed', 1],
      [
        { decision: 'approval_required' },
        (event) =>
          event.actionId === 'a3' && ['policy.evaluated', 'decision.enforced', 'action.completed'].includes(event.type),
        3,
      ],
      [{ tenantId: 'globex' }, (event) => event.tenantId === 'globex', 4],
      [{ since: at(20) }, (event) => time(event) >= T0 + 20_000, 15],
      [{ until: new Date(T0 + 10_000) }, (event) => time(event) < T0 + 10_000, 5],
      [{ since: at(10), until: at(30) }, (event) => event.actionId === 'a2' || event.actionId === 'a3', 9],
      [
        { capability: 'payments.refund', tenantId: 'acme', type: 'action.completed' },
        (event) => event.type === 'action.completed' && ['a1', 'a5'].includes(event.actionId),
        2,
      ],
      [{ limit: 3 }, (event) => all.indexOf(event) < 3, 3],
      [{ type: 'action.completed', limit: 2 }, (event) => event.type === 'action.completed' && event.time < at(15), 2],
      [{ capability: 'nothing.here' }, () => false, 0],
    ])('selects by %j', async (query, expected, count) => {
      const events = await queryAuditEvents(root, query);
      expect(events).toStrictEqual(stored(all.filter(expected)));
      expect(events).toHaveLength(count);
    });

    it.each<[string, unknown]>([
      ['`since` must be a valid date', { since: 'yesterday' }],
      // What `Date.parse` reads and `brane audit --since` refuses: the library refuses it too.
      [
        '`since` must be a valid date: a Date, or an ISO 8601 date or date-time such as 2026-11-21 or 2026-11-21T10:00:00Z (got `"Nov 21 2026"`)',
        { since: 'Nov 21 2026' },
      ],
      [
        '`until` must be a valid date: a Date, or an ISO 8601 date or date-time such as 2026-11-21 or 2026-11-21T10:00:00Z (got `"2026/01/01"`)',
        { until: '2026/01/01' },
      ],
      ['`since` must be a valid date', { since: '2026-02-30' }],
      ['`until` must be a valid date', { until: '1' }],
      ['`until` must be a valid date', { until: new Date(NaN) }],
      ['`since` must be a valid date', { since: 12 }],
      ['`since` is after `until`', { since: at(10), until: at(0) }],
      ['`limit` must be a positive integer', { limit: 0 }],
      ['`limit` must be a positive integer', { limit: 1.5 }],
      ['unknown filter `capabilty`', { capabilty: 'payments.refund' }],
      ['`capability` must be a string', { capability: 5 }],
      ['the filter must be an object', null],
    ])('refuses a bad filter: %s', async (message, query) => {
      await expect(queryAuditEvents(root, query as AuditQuery)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining(message) as string,
      });
    });
  });

  describe('streamAuditEvents', () => {
    it('yields what queryAuditEvents returns, one event at a time, and stops at the limit', async () => {
      const query = { capability: 'payments.refund', type: 'action.completed' };
      expect(await collect(streamAuditEvents(root, query))).toStrictEqual(await queryAuditEvents(root, query));
      expect(await collect(streamAuditEvents(root, { limit: 2 }))).toStrictEqual(stored(all.slice(0, 2)));
    });

    it('matches values that JSON escapes (the quick text test looks for them as JSON)', async () => {
      const file = path.join(root, '2026-01-01T00-00-02.000Z-3-c.jsonl');
      const odd = { ...numberedEvent(99), capability: 'quote"back\\slash\u2028é' } as AuditEvent;
      await writeLog(file, [odd]);
      expect(await collect(streamAuditEvents(root, { capability: odd.capability }))).toStrictEqual(stored([odd]));
    });

    it('refuses a bad filter when it is first read', async () => {
      await expect(collect(streamAuditEvents(root, { limit: 0 }))).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('streamAuditEvents: `limit`') as string,
      });
    });
  });

  describe('auditStats', () => {
    it('counts events by type, completed actions by outcome, and actions by capability', async () => {
      await expect(auditStats(root)).resolves.toStrictEqual({
        events: 24,
        actions: 5,
        byType: {
          'action.created': 5,
          'policy.evaluated': 5,
          'decision.enforced': 5,
          'action.executed': 3,
          'approval.requested': 1,
          'action.completed': 5,
        },
        byOutcome: { allowed: 2, denied: 1, approval_required: 1, failed: 1 },
        byCapability: { 'payments.refund': 3, 'email.send': 1, 'files.delete': 1 },
      });
    });

    it('counts only the events that match a filter', async () => {
      const stats = await auditStats(root, { tenantId: 'acme', since: at(20) });
      expect(stats).toMatchObject({ events: 15, actions: 3 });
      expect(stats.byCapability).toStrictEqual({ 'email.send': 1, 'files.delete': 1, 'payments.refund': 1 });
    });

    it('counts names that are also Object.prototype keys', async () => {
      const odd = path.join(root, 'odd', 'log.jsonl');
      await writeLog(odd, [
        { ...numberedEvent(1), capability: '__proto__' },
        { ...numberedEvent(2), capability: 'constructor' },
      ]);
      const { byCapability } = await auditStats(odd);
      expect(Object.entries(byCapability)).toStrictEqual([
        ['__proto__', 1],
        ['constructor', 1],
      ]);
    });

    it('refuses a bad filter', async () => {
      await expect(auditStats(root, { until: 'soon' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(auditStats(root, { limit: 1 } as AuditEventFilter)).rejects.toThrow(/unknown filter `limit`/);
    });
  });

  describe('tailAuditEvents', () => {
    it('returns the last events, oldest first', async () => {
      await expect(tailAuditEvents(root, 5)).resolves.toStrictEqual(stored(all.slice(-5)));
      await expect(tailAuditEvents(root, 1)).resolves.toStrictEqual(stored(all.slice(-1)));
      await expect(tailAuditEvents(root, 100)).resolves.toStrictEqual(stored(all));
      await expect(tailAuditEvents(root, 24)).resolves.toStrictEqual(stored(all));
    });

    it('returns the last events that match a filter', async () => {
      const completed = all.filter((event) => event.type === 'action.completed');
      await expect(tailAuditEvents(root, 2, { type: 'action.completed' })).resolves.toStrictEqual(
        stored(completed.slice(-2)),
      );
    });

    it.each([0, -1, 1.5, '3', undefined])('refuses %p as a count', async (count) => {
      await expect(tailAuditEvents(root, count as number)).rejects.toThrow(/`count` must be a positive integer/);
    });
  });

  describe('a log deleted or rotated away while the readers run', () => {
    const second = (): string => path.join(root, '2026-01-01T00-00-01.000Z-2-b.jsonl');
    const missing = (file: string): object => ({
      name: 'AuditError',
      code: 'AUDIT_READ_FAILED',
      sink: 'jsonl',
      details: { sink: 'jsonl', file, kind: 'missing' },
      message: `The audit log ${file} is gone: it was listed, then deleted or rotated away before it could be read; read again`,
    });

    it('is AUDIT_READ_FAILED naming it, not ENOENT, when it is gone before it is opened', async () => {
      const records = readAuditRecords(root)[Symbol.asyncIterator]();
      await expect(records.next()).resolves.toMatchObject({ done: false }); // the first log is open; the second listed
      fs.rmSync(second());
      for (let i = 1; i < 12; i++) await records.next();
      await expect(records.next()).rejects.toMatchObject(missing(second()));
    });

    it.each<[string, (directory: string) => Promise<unknown>]>([
      ['queryAuditEvents', (directory) => queryAuditEvents(directory, { capability: 'payments.refund' })],
      ['streamAuditEvents', (directory) => collect(streamAuditEvents(directory))],
      ['tailAuditEvents', (directory) => tailAuditEvents(directory, 5)],
      ['auditStats', (directory) => auditStats(directory)],
    ])('%s rejects with it too', async (_, read) => {
      const readdir = fs.promises.readdir.bind(fs.promises);
      jest.spyOn(fs.promises, 'readdir').mockImplementationOnce(async (...args: Parameters<typeof readdir>) => {
        const listed = await readdir(...args);
        fs.rmSync(second());
        return listed;
      });
      await expect(read(root)).rejects.toMatchObject(missing(second()));
    });

    it('is AUDIT_READ_FAILED when the directory itself is gone before it is listed', async () => {
      const readdir = fs.promises.readdir.bind(fs.promises);
      jest.spyOn(fs.promises, 'readdir').mockImplementationOnce(async (...args: Parameters<typeof readdir>) => {
        fs.rmSync(root, { recursive: true });
        return await readdir(...args);
      });
      await expect(tailAuditEvents(root, 5)).rejects.toMatchObject(missing(root));
    });

    it('reads a log deleted once it is open to the end (the file stays readable)', async () => {
      const records = readAuditRecords(second())[Symbol.asyncIterator]();
      await expect(records.next()).resolves.toMatchObject({ done: false });
      fs.rmSync(second());
      let count = 1;
      while (!(await records.next()).done) count += 1;
      expect(count).toBe(12);
    });
  });

  describe('a log that cannot be opened or read', () => {
    const second = (): string => path.join(root, '2026-01-01T00-00-01.000Z-2-b.jsonl');
    /** A Node system error, as `fs` makes one. */
    const systemError = (code: string, syscall: string, file: string): NodeJS.ErrnoException =>
      Object.assign(new Error(`${code}: failed, ${syscall} '${file}'`), { code, errno: -1, syscall, path: file });
    const failOpen = (code: string): NodeJS.ErrnoException => {
      const error = systemError(code, 'open', second());
      const open = fs.promises.open.bind(fs.promises);
      jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
        if (args[0] === second()) throw error;
        return await open(...args);
      });
      return error;
    };

    it.each([
      ['EACCES', 'denied', 'permission denied'],
      ['EPERM', 'denied', 'permission denied'],
      ['EMFILE', 'exhausted', 'the process is out of file descriptors'],
      ['ENFILE', 'exhausted', 'the process is out of file descriptors'],
      ['EISDIR', 'io', 'the file system failed'],
      ['EIO', 'io', 'the file system failed'],
    ])('opening it with %s is AUDIT_READ_FAILED, kind %s, the Node error its cause', async (code, kind, why) => {
      const cause = failOpen(code);
      const failure = await collect(readAuditRecords(root)).catch((error: unknown) => error);
      expect(failure).toMatchObject({
        name: 'AuditError',
        code: 'AUDIT_READ_FAILED',
        details: { sink: 'jsonl', file: second(), kind },
        cause,
      });
      expect((failure as Error).message).toContain(`The audit log ${second()} cannot be read (${code}): ${why}`);
    });

    it.each<[string, (directory: string) => Promise<unknown>]>([
      ['queryAuditEvents', (directory) => queryAuditEvents(directory, { capability: 'payments.refund' })],
      ['streamAuditEvents', (directory) => collect(streamAuditEvents(directory))],
      ['tailAuditEvents', (directory) => tailAuditEvents(directory, 5)],
      ['auditStats', (directory) => auditStats(directory)],
    ])('%s rejects with it too', async (_, read) => {
      const cause = failOpen('EMFILE');
      await expect(read(root)).rejects.toMatchObject({
        code: 'AUDIT_READ_FAILED',
        details: { file: second(), kind: 'exhausted' },
        cause,
      });
    });

    it('is AUDIT_READ_FAILED when a read fails once the log is open', async () => {
      const cause = systemError('EIO', 'read', second());
      const open = fs.promises.open.bind(fs.promises);
      jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
        const handle = await open(...args);
        if (args[0] === second()) handle.read = () => Promise.reject(cause);
        return handle;
      });
      await expect(collect(readAuditRecords(root))).rejects.toMatchObject({
        code: 'AUDIT_READ_FAILED',
        details: { file: second(), kind: 'io' },
        cause,
      });
    });

    it('is AUDIT_READ_FAILED when the path cannot be examined or the directory listed', async () => {
      const denied = systemError('EACCES', 'stat', root);
      jest.spyOn(fs.promises, 'stat').mockRejectedValueOnce(denied);
      await expect(tailAuditEvents(root, 5)).rejects.toMatchObject({
        code: 'AUDIT_READ_FAILED',
        details: { file: root, kind: 'denied' },
        cause: denied,
      });
      const exhausted = systemError('EMFILE', 'scandir', root);
      jest.spyOn(fs.promises, 'readdir').mockRejectedValueOnce(exhausted);
      await expect(tailAuditEvents(root, 5)).rejects.toMatchObject({
        code: 'AUDIT_READ_FAILED',
        details: { file: root, kind: 'exhausted' },
        cause: exhausted,
      });
    });

    it('still refuses a path that is not a regular file with INVALID_ARGUMENT, not as a read failure', async () => {
      await expect(collect(streamAuditEvents(path.join(root, 'missing.jsonl')))).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    });
  });
});
