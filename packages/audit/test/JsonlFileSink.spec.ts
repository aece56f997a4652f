import fs from 'node:fs';
import * as path from 'node:path';
import { AuditError, BraneError } from '@brane/errors';
import type { AuditEvent } from '../src/AuditEvent.js';
import { GENESIS_HASH, type AuditHead, type AuditRecord } from '../src/AuditRecord.js';
import { JsonlFileSink } from '../src/JsonlFileSink.js';
import { MAX_DEPTH } from '../src/maskSecrets.js';
import { MAX_AUDIT_LINE_BYTES } from '../src/read/maxAuditLineBytes.js';
import type { NonRegularFileKind } from '../src/read/NonRegularFileKind.js';
import { readAuditRecords } from '../src/readAuditLog.js';
import type { JsonlFileSinkOptions } from '../src/JsonlFileSinkOptions.js';
import { compactHash, parseCompactLine } from '../src/record/compactLine.js';
import { verifyAuditLog } from '../src/verifyAuditLog.js';
import { makeTempDir, numberedEvent, readLines, removeTempDir } from './fixtures/events.js';
import { bundleSinkChild, runSinkChild } from './fixtures/runSinkChild.js';

const HOURS = 3_600_000;

/** The records of a log of compact lines, each with the hash of the line before as its `prev`. */
function recordsOf(file: string): (AuditRecord & { hashed: string })[] {
  let prev = GENESIS_HASH;
  return readLines(file).map((line) => {
    const record = parseCompactLine(line);
    if (typeof record === 'string') throw new Error(record);
    const withPrev = { ...record, prev };
    prev = record.hash;
    return withPrev;
  });
}

function headOf(file: string): AuditHead {
  return JSON.parse(fs.readFileSync(`${file}.head`, 'utf8')) as AuditHead;
}

function events(from: number, to: number): AuditEvent[] {
  return Array.from({ length: to - from + 1 }, (_, index) => numberedEvent(from + index));
}

/** The log holds exactly `expected`, chained from the genesis hash, and its head file names the last record. */
async function expectLog(file: string, expected: readonly AuditEvent[]): Promise<void> {
  const records = recordsOf(file);
  expect(records.map((record) => record.event)).toStrictEqual(JSON.parse(JSON.stringify(expected)));
  let prev = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    expect(record.seq).toBe(index + 1);
    expect(record.prev).toBe(prev);
    expect(record.hash).toBe(compactHash(record.prev, record.hashed));
    prev = record.hash;
  }
  expect(headOf(file)).toMatchObject({ seq: records.length, hash: prev });
  await expect(verifyAuditLog(file)).resolves.toMatchObject({ ok: true, records: records.length, problems: [] });
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('JsonlFileSink', () => {
  let root: string;
  const sinks: JsonlFileSink[] = [];

  function open(options: JsonlFileSinkOptions = {}): JsonlFileSink {
    const sink = new JsonlFileSink({ directory: root, ...options });
    sinks.push(sink);
    return sink;
  }

  beforeEach(() => {
    root = makeTempDir();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const sink of sinks.splice(0)) await sink.close().catch(() => undefined);
    removeTempDir(root);
  });

  describe('construction', () => {
    it('defaults to a new file per sink in .brane/audit, resolved at construction, created on first write only', () => {
      const sink = new JsonlFileSink();
      expect(sink.name).toBe('jsonl');
      expect(sink.directory).toBe(path.resolve('.brane/audit'));
      expect(path.basename(sink.file)).toMatch(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z-${process.pid}-[0-9a-f]{8}\\.jsonl$`),
      );
      expect(new JsonlFileSink().file).not.toBe(sink.file);
      expect(fs.existsSync(sink.file)).toBe(false);
    });

    it('puts a relative `file` in `directory`, and keeps an absolute one', () => {
      expect(new JsonlFileSink({ directory: root, file: 'a/audit.jsonl' }).file).toBe(path.join(root, 'a/audit.jsonl'));
      const absolute = path.join(root, 'elsewhere.jsonl');
      const sink = new JsonlFileSink({ directory: 'ignored', file: absolute });
      expect(sink.file).toBe(absolute);
      expect(sink.directory).toBe(root);
    });

    it.each<[string, JsonlFileSinkOptions]>([
      ['directory', { directory: '' }],
      ['file', { file: '' }],
      ['batchSize', { batchSize: 0 }],
      ['batchSize', { batchSize: 1.5 }],
      ['flushIntervalMs', { flushIntervalMs: -1 }],
      ['flushIntervalMs', { flushIntervalMs: NaN }],
      ['flushIntervalMs', { flushIntervalMs: '5' as unknown as number }],
    ])('refuses a bad `%s` with INVALID_ARGUMENT', (name, options) => {
      expect(() => new JsonlFileSink(options)).toThrow(new RegExp(`JsonlFileSink: \`${name}\` must be`));
      expect(() => new JsonlFileSink(options)).toThrow(BraneError);
    });
  });

  describe('writeSync', () => {
    it('appends records at once, one line each, chained, with the head file after them', async () => {
      const sink = open({ directory: path.join(root, 'nested', 'audit'), flushIntervalMs: HOURS });
      expect(fs.existsSync(path.join(root, 'nested'))).toBe(false);
      sink.writeSync(events(1, 2));
      expect(recordsOf(sink.file)).toHaveLength(2);
      sink.writeSync([numberedEvent(3)]);
      expect(fs.readFileSync(sink.file, 'utf8').split('\n')).toHaveLength(4); // one record a line, no pretty-printing
      await expectLog(sink.file, events(1, 3));
    });

    it('writes what `write` buffered first, then its events', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      const buffered = sink.write(events(1, 2));
      sink.writeSync([numberedEvent(3)]);
      expect(recordsOf(sink.file)).toHaveLength(3);
      await buffered;
      await expectLog(sink.file, events(1, 3));
    });

    it('keeps the order when it runs while an append is under way, even one that lands after it', async () => {
      const sink = open({ batchSize: 100, flushIntervalMs: HOURS });
      const realWrite = fs.write;
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      const write = jest.spyOn(fs, 'write').mockImplementationOnce((...args: unknown[]) => {
        void released.then(() => {
          Reflect.apply(realWrite, fs, args);
        });
      });
      const inFlight = sink.write(events(1, 100)); // a full batch: the append starts now
      await tick();
      expect(write).toHaveBeenCalledTimes(1);
      sink.writeSync([numberedEvent(101)]); // records 1 to 101, synchronously
      release(); // the async append of records 1 to 100 lands now, over the same bytes
      const later = sink.write(events(102, 150));
      await inFlight;
      await sink.flush();
      await later;
      await expectLog(sink.file, events(1, 150));
    });
  });

  describe('write', () => {
    it('buffers until `batchSize` records, then appends them and settles', async () => {
      const sink = open({ batchSize: 3, flushIntervalMs: HOURS });
      let settled = false;
      const first = sink.write(events(1, 2)).then(() => (settled = true));
      await tick();
      await tick();
      expect(recordsOf(sink.file)).toHaveLength(0);
      expect(settled).toBe(false);
      await Promise.all([first, sink.write([numberedEvent(3)])]);
      await expectLog(sink.file, events(1, 3));
    });

    it('appends after `flushIntervalMs` when the batch does not fill', async () => {
      const sink = open({ batchSize: 1000, flushIntervalMs: 40 });
      const start = Date.now();
      await sink.write([numberedEvent(1)]);
      expect(Date.now() - start).toBeGreaterThanOrEqual(35);
      await expectLog(sink.file, [numberedEvent(1)]);
    });

    it('keeps order across many concurrent writes', async () => {
      const sink = open({ batchSize: 16, flushIntervalMs: 2 });
      const all = events(1, 350);
      await Promise.all(Array.from({ length: 50 }, (_, index) => sink.write(all.slice(index * 7, index * 7 + 7))));
      await expectLog(sink.file, all);
    });

    it('records an event object once, however often it is written', async () => {
      const sink = open({ flushIntervalMs: 1 });
      const batch = events(1, 3);
      await Promise.all([sink.write(batch), sink.write(batch.slice(1))]);
      await sink.write([batch[0]!, numberedEvent(4)]);
      sink.writeSync(batch);
      await expectLog(sink.file, events(1, 4));
    });

    it('resolves at once for no events, and refuses what is not an array of objects', async () => {
      const sink = open();
      await expect(sink.write([])).resolves.toBeUndefined();
      expect(fs.existsSync(sink.file)).toBe(false);
      await expect(sink.write('x' as unknown as AuditEvent[])).rejects.toThrow(/`events` must be an array/);
      await expect(sink.write([null as unknown as AuditEvent])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(() => {
        sink.writeSync([42 as unknown as AuditEvent]);
      }).toThrow(/must be an object/);
    });
  });

  it('accepts a batch whole or not at all: one event that cannot be written leaves no record of the others', async () => {
    const sink = open({ flushIntervalMs: HOURS });
    // Enough records before the bad one to fill and seal a buffer chunk: the rollback must restore those too.
    const big = events(1, 300).map((event) => ({ ...event, filler: 'x'.repeat(400) }) as unknown as AuditEvent);
    const unreadable = {
      type: 'x',
      toJSON() {
        throw new Error('no JSON for you');
      },
    } as unknown as AuditEvent;
    expect(() => {
      sink.writeSync([...big, unreadable]);
    }).toThrow(/no JSON for you/);
    sink.writeSync([numberedEvent(1), numberedEvent(2)]);
    await expectLog(sink.file, events(1, 2));
    sink.writeSync(big.slice(0, 1));
    expect(recordsOf(sink.file).map((record) => record.seq)).toEqual([1, 2, 3]);
  });

  describe('a record too large for one line', () => {
    it('is written bounded: its largest value cut with the `boundText` marker, so every line reads and verifies', async () => {
      const sink = open();
      const huge = 'x'.repeat(MAX_AUDIT_LINE_BYTES + 1024);
      const event = numberedEvent(2) as AuditEvent & { args: Record<string, unknown> };
      const oversized = { ...event, args: { ...event.args, document: huge } } as AuditEvent;
      await sink.write([numberedEvent(1), oversized, numberedEvent(3)]);

      const lines = fs.readFileSync(sink.file).toString('latin1').split('\n').slice(0, -1);
      expect(lines.map((line) => line.length <= MAX_AUDIT_LINE_BYTES)).toStrictEqual([true, true, true]);
      const records: AuditRecord[] = [];
      for await (const record of readAuditRecords(sink.file)) records.push(record);
      expect(records.map((record) => record.seq)).toStrictEqual([1, 2, 3]);
      const { args, ...rest } = records[1]!.event as AuditEvent & { args: Record<string, unknown> };
      expect(rest).toStrictEqual(JSON.parse(JSON.stringify({ ...event, args: undefined })));
      const { document, ...others } = args;
      expect(others).toStrictEqual(JSON.parse(JSON.stringify(event.args)));
      const cut = / … \[cut ([\d,]+) characters\]$/.exec(document as string);
      expect(cut).not.toBeNull();
      const kept = (document as string).length - cut![0].length;
      expect(kept + Number(cut![1]!.replaceAll(',', ''))).toBe(huge.length);
      // Cut no more than it had to: the line is within a kilobyte of the bound.
      expect(lines[1]!.length).toBeGreaterThan(MAX_AUDIT_LINE_BYTES - 1024);
      await expect(verifyAuditLog(sink.file)).resolves.toMatchObject({ ok: true, records: 3 });
    }, 60_000);

    it('is written bounded when it is nested too deeply to serialise: `[Truncated]` past MAX_DEPTH', async () => {
      const sink = open();
      const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
      sink.writeSync([{ ...numberedEvent(1), args: { deep } } as AuditEvent]);

      const [record] = recordsOf(sink.file);
      let depth = 0;
      for (
        let item = (record!.event as unknown as { args: { deep: unknown } }).args.deep;
        Array.isArray(item);
        item = item[0]
      )
        depth += 1;
      expect(depth).toBe(MAX_DEPTH - 2); // the record, then `args`, then the arrays
      await expect(verifyAuditLog(sink.file)).resolves.toMatchObject({ ok: true, records: 1 });
    });
  });

  describe('writeDurable (group commit)', () => {
    it('settles once the records are appended and synced; calls that arrive meanwhile share one sync', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      sink.writeSync([numberedEvent(1)]); // opened: the spy counts only the syncs of durable writes
      const fsync = jest.spyOn(fs, 'fsync');

      await Promise.all(Array.from({ length: 64 }, (_, i) => sink.writeDurable([numberedEvent(i + 2)])));

      await expectLog(sink.file, events(1, 65));
      expect(fsync.mock.calls.length).toBeGreaterThan(0);
      expect(fsync.mock.calls.length).toBeLessThanOrEqual(2); // the first call's sync, then one for the other 63
    });

    it('rejects with AUDIT_WRITE_FAILED when the sync fails, and a later durable write succeeds', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      sink.writeSync([numberedEvent(1)]);
      jest.spyOn(fs, 'fsync').mockImplementationOnce((_fd: number, callback: (error: Error | null) => void) => {
        callback(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
      });

      await expect(sink.writeDurable([numberedEvent(2)])).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
      await sink.writeDurable([numberedEvent(3)]);
      await expectLog(sink.file, events(1, 3));
    });
  });

  describe('flush and close', () => {
    it('flush appends everything buffered now', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      const written = sink.write(events(1, 5));
      await sink.flush();
      await written;
      await expectLog(sink.file, events(1, 5));
    });

    it('close flushes, then refuses writes; closing twice is fine', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      void sink.write(events(1, 4));
      await sink.close();
      await sink.close();
      await expectLog(sink.file, events(1, 4));
      await expect(sink.write([numberedEvent(5)])).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'jsonl' });
      expect(() => {
        sink.writeSync([numberedEvent(5)]);
      }).toThrow(/is closed/);
      expect(recordsOf(sink.file)).toHaveLength(4);
    });

    it('close and flush of a sink that never wrote create nothing', async () => {
      const sink = open();
      await sink.flush();
      await sink.close();
      expect(fs.readdirSync(root)).toStrictEqual([]);
    });
  });

  describe('failures', () => {
    const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

    it('rejects a failed append, keeps the records, and a retry writes them once, over the half-written bytes', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      sink.writeSync([numberedEvent(1)]);
      jest.spyOn(fs, 'write').mockImplementationOnce((...args: unknown[]) => {
        const [fd, buffer, offset, length, position, callback] = args as [
          number,
          Buffer,
          number,
          number,
          number,
          (error: Error | null, written: number) => void,
        ];
        fs.writeSync(fd, buffer, offset, Math.floor(length / 2), position); // half of the batch lands
        callback(enospc(), 0);
      });
      const batch = events(2, 4);
      const failed = sink.write(batch);
      await sink.flush().catch(() => undefined);
      await expect(failed).rejects.toThrow(AuditError);
      await expect(failed).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', message: /ENOSPC/ });
      jest.restoreAllMocks();
      await sink.write(batch); // the dispatcher's retry, with the same events: appended at once
      sink.writeSync([numberedEvent(5)]);
      await expectLog(sink.file, events(1, 5));
    });

    it('a failed writeSync throws AUDIT_WRITE_FAILED and keeps its events for the next write', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      sink.writeSync([numberedEvent(1)]);
      jest.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
        throw enospc();
      });
      expect(() => {
        sink.writeSync([numberedEvent(2)]);
      }).toThrow(expect.objectContaining({ code: 'AUDIT_WRITE_FAILED', sink: 'jsonl' }) as Error);
      jest.restoreAllMocks();
      sink.writeSync([numberedEvent(3)]);
      await expectLog(sink.file, events(1, 3));
    });

    it('rejects when the head file cannot be updated; a retry after the fix does not duplicate records', async () => {
      const sink = open({ flushIntervalMs: HOURS });
      sink.writeSync([numberedEvent(1)]);
      fs.rmSync(`${sink.file}.head`);
      fs.mkdirSync(`${sink.file}.head`);
      fs.writeFileSync(path.join(`${sink.file}.head`, 'blocker'), '');
      const batch = events(2, 3);
      const failed = sink.write(batch);
      await sink.flush().catch(() => undefined);
      await expect(failed).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', message: /head file/ });
      expect(recordsOf(sink.file)).toHaveLength(3); // in the log, not yet in the head file
      const retried = sink.write(batch);
      await sink.flush().catch(() => undefined);
      await expect(retried).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
      fs.rmSync(`${sink.file}.head`, { recursive: true });
      await sink.write(batch);
      await expectLog(sink.file, events(1, 3));
    });
  });

  describe('reopening a log', () => {
    it('continues the chain of an existing log', async () => {
      const file = 'audit.jsonl';
      const first = open({ file });
      first.writeSync(events(1, 2));
      await first.close();
      const second = open({ file, flushIntervalMs: 1 });
      await second.write(events(3, 4));
      await second.close();
      open({ file }).writeSync([numberedEvent(5)]);
      await expectLog(path.join(root, file), events(1, 5));
    });

    it('continues after the last record when the head file is behind (a crash between append and head update)', async () => {
      const sink = open({ file: 'audit.jsonl' });
      sink.writeSync(events(1, 4));
      await sink.close();
      const second = recordsOf(sink.file)[1]!;
      fs.writeFileSync(`${sink.file}.head`, JSON.stringify({ seq: 2, hash: second.hash, updatedAt: 'then' }));
      open({ file: 'audit.jsonl' }).writeSync([numberedEvent(5)]);
      await expectLog(sink.file, events(1, 5));
    });

    it('starts a log whose head file was written but not its first record', async () => {
      fs.writeFileSync(
        path.join(root, 'audit.jsonl.head'),
        JSON.stringify({ seq: 0, hash: GENESIS_HASH, updatedAt: 'x' }),
      );
      const sink = open({ file: 'audit.jsonl' });
      sink.writeSync([numberedEvent(1)]);
      await expectLog(sink.file, [numberedEvent(1)]);
    });

    it.each<[string, (file: string) => void]>([
      [
        'an edited record',
        (file) => {
          fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('cust_1', 'cust_9'));
        },
      ],
      [
        'a missing head file',
        (file) => {
          fs.rmSync(`${file}.head`);
        },
      ],
      [
        'a cut-off end',
        (file) => {
          fs.writeFileSync(file, `${readLines(file)[0]!}\n`);
        },
      ],
    ])('refuses to extend a log with %s', async (_, tamper) => {
      const sink = open({ file: 'audit.jsonl' });
      sink.writeSync(events(1, 2));
      await sink.close();
      tamper(sink.file);
      const before = fs.readFileSync(sink.file, 'utf8');
      const again = open({ file: 'audit.jsonl' });
      await expect(again.write([numberedEvent(3)])).rejects.toThrow(/Refusing to append .* it does not verify/);
      expect(() => {
        again.writeSync([numberedEvent(3)]);
      }).toThrow(expect.objectContaining({ code: 'AUDIT_WRITE_FAILED' }) as Error);
      expect(fs.readFileSync(sink.file, 'utf8')).toBe(before);
    });
  });

  describe('reopening a log it cannot read', () => {
    const systemError = (code: string, syscall: string, where: string): NodeJS.ErrnoException =>
      Object.assign(new Error(`${code}: failed, ${syscall} '${where}'`), { code, errno: -1, syscall, path: where });

    it.each<[string, string, 'log' | 'head']>([
      ['EACCES', 'denied', 'head'],
      ['EISDIR', 'io', 'head'],
      ['EMFILE', 'exhausted', 'log'],
      ['EIO', 'io', 'log'],
    ])(
      'refuses it, fail closed, when %s (kind %s) stops reading its %s; the next write after the fix goes on',
      async (code, kind, what) => {
        const sink = open({ file: 'audit.jsonl' });
        sink.writeSync(events(1, 2));
        await sink.close();
        const before = [fs.readFileSync(sink.file, 'utf8'), fs.readFileSync(`${sink.file}.head`, 'utf8')];
        const victim = what === 'head' ? `${sink.file}.head` : sink.file;
        const cause = systemError(code, 'open', victim);
        const openSync = fs.openSync.bind(fs);
        jest.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof openSync>) => {
          if (args[0] === victim && ((args[1] as number) & fs.constants.O_WRONLY) === 0) throw cause;
          return openSync(...args);
        });

        const again = open({ file: 'audit.jsonl' });
        const refused = {
          code: 'AUDIT_WRITE_FAILED',
          details: { sink: 'jsonl', file: sink.file, kind, unreadable: victim },
        };
        const failure = (await again.write([numberedEvent(3)]).catch((error: unknown) => error)) as AuditError;
        expect(failure).toBeInstanceOf(AuditError);
        expect(failure).toMatchObject(refused);
        expect(failure.message).toContain(`Refusing to append to the audit log ${sink.file}, which cannot be verified`);
        expect(failure.message).toContain(victim);
        expect(failure.cause).toMatchObject({ code: 'AUDIT_READ_FAILED', details: { file: victim, kind }, cause });
        expect(() => {
          again.writeSync([numberedEvent(3)]);
        }).toThrow(expect.objectContaining(refused) as Error);
        jest.restoreAllMocks();
        expect([fs.readFileSync(sink.file, 'utf8'), fs.readFileSync(`${sink.file}.head`, 'utf8')]).toStrictEqual(
          before,
        );

        again.writeSync([numberedEvent(3)]);
        await expectLog(sink.file, events(1, 3));
      },
    );
  });

  describe('reopening a log whose head file is not a regular file', () => {
    it.each<[string, (head: string) => void, NonRegularFileKind]>([
      [
        'a directory',
        (head) => {
          fs.mkdirSync(head);
        },
        'directory',
      ],
      [
        'a character device',
        (head) => {
          fs.symlinkSync('/dev/null', head);
        },
        'device',
      ],
    ])(
      'refuses it at once when it is %s, as it refuses such a log, and goes on once it is a file',
      async (_, make, kind) => {
        const sink = open({ file: 'audit.jsonl' });
        sink.writeSync(events(1, 2));
        await sink.close();
        const head = `${sink.file}.head`;
        const before = fs.readFileSync(head);
        fs.rmSync(head);
        make(head);

        const again = open({ file: 'audit.jsonl' });
        const refused = { code: 'AUDIT_WRITE_FAILED', details: { sink: 'jsonl', file: sink.file } };
        const invalid = { code: 'INVALID_ARGUMENT', details: { file: head, kind } };
        const failure = (await again.write([numberedEvent(3)]).catch((error: unknown) => error)) as AuditError;
        expect(failure).toBeInstanceOf(AuditError);
        expect(failure).toMatchObject(refused);
        expect(failure.cause).toMatchObject(invalid);
        expect(failure.message).toContain(`Could not open the audit log ${sink.file}: The audit head file`);
        expect(failure.message).toContain(head);
        expect(() => {
          again.writeSync([numberedEvent(3)]);
        }).toThrow(expect.objectContaining(refused) as Error);

        fs.rmSync(head, { recursive: true });
        fs.writeFileSync(head, before);
        again.writeSync([numberedEvent(3)]);
        await expectLog(sink.file, events(1, 3));
      },
    );
  });

  describe('in a child process', () => {
    let bundle: string;
    let bundleDirectory: string;

    beforeAll(async () => {
      bundleDirectory = makeTempDir();
      bundle = await bundleSinkChild(bundleDirectory);
    }, 30_000);

    afterAll(() => {
      removeTempDir(bundleDirectory);
    });

    it.each([1, 2, 3])(
      'keeps every record writeSync returned for when the process is killed with SIGKILL (round %i)',
      async () => {
        const file = path.join(root, 'crash.jsonl');
        const target = 1 + Math.floor(Math.random() * 150);
        let killed = false;
        const result = await runSinkChild(bundle, ['sync', file, '1000000'], (stdout, child) => {
          if (!killed && stdout.split('\n').length > target) {
            killed = true;
            child.kill('SIGKILL');
          }
        });
        expect(result.signal).toBe('SIGKILL');
        const printed = result.stdout.split('\n').slice(0, -1).map(Number); // lines that were printed whole
        expect(printed.length).toBeGreaterThanOrEqual(target);
        const seqs = new Set(recordsOf(file).map((record) => record.seq));
        for (const seq of printed) expect(seqs.has(seq)).toBe(true);
        const { ok, problems, lastSeq } = await verifyAuditLog(file);
        expect(lastSeq).toBeGreaterThanOrEqual(printed.length);
        // A record cut in half at the very end is the only problem a kill could leave (it was never acknowledged).
        if (!ok) expect(problems).toStrictEqual([expect.objectContaining({ kind: 'truncated', line: lastSeq + 1 })]);
      },
      30_000,
    );

    it.each(['exit', 'natural', 'throw'])(
      'writes what is buffered when the process exits (%s)',
      async (mode) => {
        const file = path.join(root, 'exit.jsonl');
        const result = await runSinkChild(bundle, [mode, file, '500']);
        expect(result.code).toBe(mode === 'throw' ? 1 : 0);
        if (mode === 'throw') expect(result.stderr).toContain('boom');
        else expect(result.stderr).toBe('');
        await expectLog(file, events(1, 500));
      },
      30_000,
    );
  });
});
