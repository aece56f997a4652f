import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditEvent } from '../src/AuditEvent.js';
import { GENESIS_HASH } from '../src/AuditRecord.js';
import { JsonlFileSink } from '../src/JsonlFileSink.js';
import { canonicalEventJson, hashRecord, recordLine } from '../src/hashRecord.js';
import { MAX_AUDIT_LINE_BYTES } from '../src/read/maxAuditLineBytes.js';
import type { NonRegularFileKind } from '../src/read/NonRegularFileKind.js';
import { compactBody, compactLine, parseCompactLine, type CompactRecord } from '../src/record/compactLine.js';
import { verifyAuditDirectory, verifyAuditLog, type AuditProblemKind } from '../src/verifyAuditLog.js';
import { makeTempDir, numberedEvent, readLines, removeTempDir } from './fixtures/events.js';

/** Writes a log of `count` numbered events with a JsonlFileSink. */
async function writeLog(file: string, count: number): Promise<void> {
  const sink = new JsonlFileSink({ file });
  sink.writeSync(Array.from({ length: count }, (_, index) => numberedEvent(index + 1)));
  await sink.close();
}

/** Rewrites the log from its lines: `newline: false` leaves the last line without its newline. */
function writeLines(file: string, lines: readonly string[], newline = true): void {
  fs.writeFileSync(file, lines.join('\n') + (newline && lines.length > 0 ? '\n' : ''));
}

/**
 * Line `index` of `all` (compact lines) with the event changed by `edit`, and its hash recomputed from the line
 * before, so that the record is self-consistent.
 */
function forge(all: readonly string[], index: number, edit: (event: AuditEvent) => AuditEvent): string {
  const record = parseCompactLine(all[index]!) as CompactRecord;
  const prev = index === 0 ? GENESIS_HASH : (parseCompactLine(all[index - 1]!) as CompactRecord).hash;
  return compactLine(record.seq, prev, compactBody(edit(record.event))).line.slice(0, -1);
}

/** `events` as lines of format 2 (`{"seq","prev","hash","event"}`), as a sink wrote them before format 3. */
function legacyLines(events: readonly AuditEvent[], from = GENESIS_HASH): { lines: string[]; last: string } {
  let prev = from;
  const lines = events.map((event, index) => {
    const hash = hashRecord(prev, index + 1, event);
    const line = recordLine(index + 1, prev, hash, canonicalEventJson(event)).slice(0, -1);
    prev = hash;
    return line;
  });
  return { lines, last: prev };
}

function flipBit(text: string, index: number, mask: number): Buffer {
  const bytes = Buffer.from(text);
  bytes[index] = bytes[index]! ^ mask;
  return bytes;
}

describe('verifyAuditLog', () => {
  let root: string;
  let file: string;

  beforeEach(async () => {
    root = makeTempDir();
    file = path.join(root, 'audit.jsonl');
    await writeLog(file, 6);
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('finds nothing wrong with an untouched log', async () => {
    await expect(verifyAuditLog(file)).resolves.toStrictEqual({
      file,
      ok: true,
      records: 6,
      lastSeq: 6,
      problems: [],
    });
  });

  const lines = (): string[] => readLines(file);

  it.each<[string, () => void, [number, AuditProblemKind][]]>([
    [
      'a byte flipped in a record',
      () => {
        const text = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(file, flipBit(text, text.indexOf('cust_3'), 0x01));
      },
      [[3, 'edited']],
    ],
    [
      'a record deleted',
      () => {
        writeLines(
          file,
          lines().filter((_, index) => index !== 2),
        );
      },
      [[3, 'removed']],
    ],
    [
      'the first record deleted',
      () => {
        writeLines(file, lines().slice(1));
      },
      [[1, 'removed']],
    ],
    [
      'two records swapped',
      () => {
        const all = lines();
        writeLines(file, [...all.slice(0, 2), all[3]!, all[2]!, ...all.slice(4)]);
      },
      [[4, 'reordered']],
    ],
    [
      'the last two records swapped',
      () => {
        const all = lines();
        writeLines(file, [...all.slice(0, 4), all[5]!, all[4]!]);
      },
      [[6, 'reordered']],
    ],
    [
      'a record copied',
      () => {
        writeLines(file, [...lines().slice(0, 3), lines()[1]!, ...lines().slice(3)]);
      },
      [[4, 'reordered']],
    ],
    [
      'the log cut after record 4',
      () => {
        writeLines(file, lines().slice(0, 4));
      },
      [[5, 'truncated']],
    ],
    [
      'a line cut in half',
      () => {
        writeLines(file, [...lines().slice(0, 5), lines()[5]!.slice(0, 100)], false);
      },
      [
        [6, 'truncated'],
        [7, 'truncated'],
      ],
    ],
    [
      'the last newline cut',
      () => {
        writeLines(file, lines(), false);
      },
      [
        [6, 'truncated'],
        [7, 'truncated'],
      ],
    ],
    [
      'the head file deleted',
      () => {
        fs.rmSync(`${file}.head`);
      },
      [[0, 'head']],
    ],
    [
      'the head file garbled',
      () => {
        fs.writeFileSync(`${file}.head`, '{"seq":');
      },
      [[0, 'head']],
    ],
    [
      'a line that is not a record inserted',
      () => {
        writeLines(file, [...lines().slice(0, 2), 'hello', ...lines().slice(2)]);
      },
      [[3, 'malformed']],
    ],
    [
      'a record replaced by junk',
      () => {
        writeLines(file, [...lines().slice(0, 2), '{"seq":3', ...lines().slice(3)]);
      },
      [[3, 'malformed']],
    ],
    [
      'a record rewritten with a new hash',
      () => {
        writeLines(
          file,
          lines().map((line, index, all) =>
            index === 2 ? forge(all, index, (e) => ({ ...e, capability: 'x' })) : line,
          ),
        );
      },
      [[4, 'edited']],
    ],
    [
      'the last record rewritten with a new hash',
      () => {
        writeLines(
          file,
          lines().map((line, index, all) =>
            index === 5 ? forge(all, index, (e) => ({ ...e, capability: 'x' })) : line,
          ),
        );
      },
      [[6, 'edited']],
    ],
    [
      'a record written differently with the same content',
      () => {
        writeLines(
          file,
          lines().map((line, index) =>
            index === 2 ? line.replace('payments.refund"', 'payments.refun\\u0064"') : line,
          ),
        );
      },
      [[3, 'edited']],
    ],
  ])('detects %s', async (_, tamper, expected) => {
    tamper();
    const result = await verifyAuditLog(file);
    expect(result.ok).toBe(false);
    expect(result.problems.map(({ line, kind }) => [line, kind])).toStrictEqual(expected);
  });

  it('says how many records were cut off the end, and that completeness cannot be proved without the head', async () => {
    writeLines(file, lines().slice(0, 4));
    const cut = await verifyAuditLog(file);
    expect(cut).toMatchObject({ records: 4, lastSeq: 4 });
    expect(cut.problems[0]?.message).toMatch(
      /ends at record 4, but its head file records 6: 2 record\(s\) were cut off/,
    );
    fs.rmSync(`${file}.head`);
    const headless = await verifyAuditLog(file);
    expect(headless.problems[0]?.message).toMatch(/audit\.jsonl\.head is missing: whether records were cut off/);
  });

  it('accepts a head file behind the log: a crash between an append and its head update', async () => {
    const second = parseCompactLine(lines()[1]!) as CompactRecord;
    fs.writeFileSync(`${file}.head`, JSON.stringify({ seq: 2, hash: second.hash, updatedAt: 'x' }));
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ ok: true, records: 6, lastSeq: 6 });
  });

  describe('logs of format 2 (before the compact lines)', () => {
    const events = Array.from({ length: 6 }, (_, index) => numberedEvent(index + 1));

    function writeLegacy(target: string): string[] {
      const { lines: legacy, last } = legacyLines(events);
      writeLines(target, legacy);
      fs.writeFileSync(`${target}.head`, JSON.stringify({ seq: 6, hash: last, updatedAt: 'x' }));
      return legacy;
    }

    it('verifies an untouched one, and finds each kind of tampering as before', async () => {
      const legacy = writeLegacy(file);
      await expect(verifyAuditLog(file)).resolves.toMatchObject({ ok: true, records: 6, lastSeq: 6 });
      writeLines(file, [...legacy.slice(0, 2), ...legacy.slice(3)]);
      expect((await verifyAuditLog(file)).problems.map(({ kind }) => kind)).toStrictEqual(['removed']);
      writeLines(file, [legacy[1]!, legacy[0]!, ...legacy.slice(2)]);
      expect((await verifyAuditLog(file)).problems.map(({ kind }) => kind)).toStrictEqual(['reordered']);
      writeLines(file, legacy.slice(0, 5));
      expect((await verifyAuditLog(file)).problems.map(({ kind }) => kind)).toStrictEqual(['truncated']);
      writeLines(
        file,
        legacy.map((line, index) => (index === 2 ? line.replace('cust_3', 'cust_9') : line)),
      );
      expect((await verifyAuditLog(file)).problems.map(({ kind }) => kind)).toStrictEqual(['edited']);
    });

    it('is continued in the compact format: the mixed log verifies, and reads as one chain', async () => {
      writeLegacy(file);
      const sink = new JsonlFileSink({ file });
      sink.writeSync([numberedEvent(7), numberedEvent(8)]);
      await sink.close();
      const text = lines();
      expect(text[5]!.startsWith('{"seq":6,')).toBe(true);
      expect(text[6]!.startsWith('{"v":3,"s":7,')).toBe(true);
      await expect(verifyAuditLog(file)).resolves.toMatchObject({ ok: true, records: 8, lastSeq: 8 });
      writeLines(file, [...text.slice(0, 5), ...text.slice(6)]);
      await expect(verifyAuditLog(file)).resolves.toMatchObject({ ok: false });
    });
  });

  it('detects every single-bit change to a log', async () => {
    await writeLog(path.join(root, 'small.jsonl'), 2);
    const text = fs.readFileSync(path.join(root, 'small.jsonl'), 'utf8');
    const length = Buffer.byteLength(text);
    for (const mask of [0x01, 0x20, 0x80]) {
      for (let index = 0; index < length; index++) {
        fs.writeFileSync(path.join(root, 'small.jsonl'), flipBit(text, index, mask));
        const { ok } = await verifyAuditLog(path.join(root, 'small.jsonl'));
        if (ok) throw new Error(`flipping bit ${mask} of byte ${index} went unnoticed`);
      }
    }
    // Exhaustive (three masks over every byte): seconds alone, more beside the reliability suite's children.
  }, 60_000);

  it('handles an empty log, a missing log, and a path with nothing at all', async () => {
    const empty = path.join(root, 'empty.jsonl');
    await new JsonlFileSink({ file: empty }).close();
    fs.writeFileSync(empty, '');
    fs.writeFileSync(`${empty}.head`, JSON.stringify({ seq: 0, hash: GENESIS_HASH, updatedAt: 'x' }));
    await expect(verifyAuditLog(empty)).resolves.toMatchObject({ ok: true, records: 0, lastSeq: 0 });
    fs.rmSync(empty);
    await expect(verifyAuditLog(empty)).resolves.toMatchObject({ ok: true, records: 0 });
    fs.rmSync(file);
    const gone = await verifyAuditLog(file);
    expect(gone.problems).toStrictEqual([expect.objectContaining({ line: 1, kind: 'truncated' })]);
    await expect(verifyAuditLog(path.join(root, 'none.jsonl'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(verifyAuditLog('')).rejects.toThrow(/`file` must be a non-empty path/);
  });
});

describe('verifyAuditLog of a log that cannot be read', () => {
  let root: string;
  let file: string;

  beforeEach(async () => {
    root = makeTempDir();
    file = path.join(root, 'audit.jsonl');
    await writeLog(file, 3);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    removeTempDir(root);
  });

  const systemError = (code: string, syscall: string, where: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: failed, ${syscall} '${where}'`), { code, errno: -1, syscall, path: where });

  /** Makes opening `victim` (the log or its head file, each opened once) fail with `cause`. */
  const failOpen = (victim: string, cause: Error): void => {
    const open = fs.promises.open.bind(fs.promises);
    jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      if (args[0] === victim) throw cause;
      return await open(...args);
    });
  };

  it.each([
    ['EACCES', 'denied'],
    ['EMFILE', 'exhausted'],
    ['EISDIR', 'io'],
  ])('is AUDIT_READ_FAILED when opening it fails with %s (kind %s), the Node error its cause', async (code, kind) => {
    const cause = systemError(code, 'open', file);
    failOpen(file, cause);
    await expect(verifyAuditLog(file)).rejects.toMatchObject({
      name: 'AuditError',
      code: 'AUDIT_READ_FAILED',
      details: { file, kind },
      cause,
    });
  });

  it('is AUDIT_READ_FAILED when a read fails once it is open', async () => {
    const cause = systemError('EIO', 'read', file);
    const open = fs.promises.open.bind(fs.promises);
    jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      if (args[0] === file) handle.read = () => Promise.reject(cause);
      return handle;
    });
    await expect(verifyAuditLog(file)).rejects.toMatchObject({
      code: 'AUDIT_READ_FAILED',
      details: { file, kind: 'io' },
      cause,
    });
  });

  it.each([
    ['EACCES', 'denied'],
    ['ENFILE', 'exhausted'],
    ['EIO', 'io'],
  ])(
    'is AUDIT_READ_FAILED naming the head file when it exists but reading it fails with %s (kind %s)',
    async (code, kind) => {
      const head = `${file}.head`;
      const cause = systemError(code, 'open', head);
      failOpen(head, cause);
      const expected = { name: 'AuditError', code: 'AUDIT_READ_FAILED', details: { file: head, kind }, cause };
      await expect(verifyAuditLog(file)).rejects.toMatchObject(expected);
      await expect(verifyAuditDirectory(root)).rejects.toMatchObject(expected);
    },
  );

  it.each<[string, (head: string) => void, RegExp, NonRegularFileKind]>([
    [
      'a directory',
      (head) => {
        fs.mkdirSync(head);
      },
      /is a directory/,
      'directory',
    ],
    [
      'a character device',
      (head) => {
        fs.symlinkSync('/dev/null', head);
      },
      /is not a regular file \(a device\)/,
      'device',
    ],
  ])(
    'is INVALID_ARGUMENT, as such a log is, not a head problem, when the head file is %s; a missing one stays a problem',
    async (_, make, why, kind) => {
      const head = `${file}.head`;
      fs.rmSync(head);
      expect((await verifyAuditLog(file)).problems).toStrictEqual([expect.objectContaining({ line: 0, kind: 'head' })]);
      make(head);
      const expected = { code: 'INVALID_ARGUMENT', details: { file: head, kind } };
      await expect(verifyAuditLog(file)).rejects.toMatchObject(expected);
      await expect(verifyAuditLog(file)).rejects.toThrow(why);
      await expect(verifyAuditDirectory(root)).rejects.toMatchObject(expected);
      fs.rmSync(file);
      await expect(verifyAuditLog(file)).rejects.toMatchObject(expected);
    },
  );

  it('verifyAuditDirectory is AUDIT_READ_FAILED when the directory cannot be listed, or a log read', async () => {
    const denied = systemError('EACCES', 'scandir', root);
    jest.spyOn(fs.promises, 'readdir').mockRejectedValueOnce(denied);
    await expect(verifyAuditDirectory(root)).rejects.toMatchObject({
      code: 'AUDIT_READ_FAILED',
      details: { file: root, kind: 'denied' },
      cause: denied,
    });
    const exhausted = systemError('EMFILE', 'open', file);
    failOpen(file, exhausted);
    await expect(verifyAuditDirectory(root)).rejects.toMatchObject({
      code: 'AUDIT_READ_FAILED',
      details: { file, kind: 'exhausted' },
      cause: exhausted,
    });
  });
});

describe('verifyAuditLog on hostile bytes', () => {
  let root: string;
  let file: string;

  beforeEach(() => {
    root = makeTempDir();
    file = path.join(root, 'audit.jsonl');
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('reports bytes that are not UTF-8, even where they read as the U+FFFD a record holds', async () => {
    const sink = new JsonlFileSink({ file });
    sink.writeSync([1, 2, 3].map((n) => ({ ...numberedEvent(n), reason: `caf\uFFFD ${n}` }) as AuditEvent));
    await sink.close();
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ ok: true, records: 3 });
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('\uFFFD 2');
    // EF BF BD (U+FFFD) becomes the single byte FF, which a lenient decoder reads as the same character.
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]));
    const { ok, problems } = await verifyAuditLog(file);
    expect(ok).toBe(false);
    expect(problems).toStrictEqual([{ line: 2, kind: 'malformed', message: 'The line is not valid UTF-8' }]);
  });

  it('reports a record of format 2 nested too deeply to check, instead of overflowing the stack', async () => {
    const { lines, last } = legacyLines([numberedEvent(1)]);
    const depth = 100_000;
    const deep = `{"seq":2,"prev":"${last}","hash":"${'a'.repeat(64)}","event":{"type":"action.created","args":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    writeLines(file, [...lines, deep]);
    fs.writeFileSync(`${file}.head`, JSON.stringify({ seq: 1, hash: last, updatedAt: 'x' }));
    const { ok, problems } = await verifyAuditLog(file);
    expect(ok).toBe(false);
    expect(problems).toStrictEqual([
      { line: 2, kind: 'malformed', message: 'The line is not a record: its `event` is nested too deeply to check' },
    ]);
  });

  it(`reports a line over ${MAX_AUDIT_LINE_BYTES} bytes by its length, and checks the records after it`, async () => {
    await writeLog(file, 4);
    const [first, , third, fourth] = readLines(file);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${first}\n`);
    const block = Buffer.alloc(1024 * 1024, '{');
    for (let left = MAX_AUDIT_LINE_BYTES + 1; left > 0; left -= block.length) {
      fs.writeSync(fd, block, 0, Math.min(left, block.length));
    }
    fs.writeSync(fd, `\n${third}\n${fourth}\n`);
    fs.closeSync(fd);
    const { ok, records, problems } = await verifyAuditLog(file);
    expect({ ok, records }).toStrictEqual({ ok: false, records: 3 });
    expect(problems).toStrictEqual([
      {
        line: 2,
        kind: 'malformed',
        message: `The line is ${MAX_AUDIT_LINE_BYTES + 1} bytes long, over the ${MAX_AUDIT_LINE_BYTES} bytes a record may take: not read`,
      },
    ]);
  });
});

describe('verifyAuditDirectory', () => {
  let root: string;

  beforeEach(() => {
    root = makeTempDir();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    removeTempDir(root);
  });

  it('verifies every log of a directory, and every head file whose log is gone, in name order', async () => {
    await writeLog(path.join(root, 'b.jsonl'), 3);
    await writeLog(path.join(root, 'a.jsonl'), 2);
    await writeLog(path.join(root, 'c.jsonl'), 2);
    fs.writeFileSync(path.join(root, 'b.jsonl'), readLines(path.join(root, 'b.jsonl')).slice(1).join('\n') + '\n');
    fs.rmSync(path.join(root, 'c.jsonl'));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'not a log');
    const results = await verifyAuditDirectory(root);
    expect(results.map(({ file, ok, records }) => [path.basename(file), ok, records])).toStrictEqual([
      ['a.jsonl', true, 2],
      ['b.jsonl', false, 2],
      ['c.jsonl', false, 0],
    ]);
    expect(results[2]?.problems[0]?.kind).toBe('truncated');
  });

  it('is AUDIT_READ_FAILED, not INVALID_ARGUMENT, for a log deleted with its head file after the listing', async () => {
    await writeLog(path.join(root, 'a.jsonl'), 2);
    await writeLog(path.join(root, 'b.jsonl'), 2);
    const gone = path.join(root, 'b.jsonl');
    const readdir = fs.promises.readdir.bind(fs.promises);
    jest.spyOn(fs.promises, 'readdir').mockImplementationOnce(async (...args: Parameters<typeof readdir>) => {
      const listed = await readdir(...args);
      fs.rmSync(gone);
      fs.rmSync(`${gone}.head`);
      return listed;
    });
    const failure = await verifyAuditDirectory(root).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'AuditError',
      code: 'AUDIT_READ_FAILED',
      details: { sink: 'jsonl', file: gone, kind: 'missing' },
      message: `The audit log ${gone} is gone: it was listed, then deleted or rotated away before it could be read; read again`,
    });
    expect((failure as Error).cause).toMatchObject({ code: 'ENOENT' });
    // Named by the caller, a log with nothing there is still an argument that names nothing.
    await expect(verifyAuditLog(gone)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a path that is not a directory', async () => {
    await expect(verifyAuditDirectory(path.join(root, 'missing'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    fs.writeFileSync(path.join(root, 'file.jsonl'), '');
    await expect(verifyAuditDirectory(path.join(root, 'file.jsonl'))).rejects.toThrow(/No audit directory/);
    await expect(verifyAuditDirectory('')).rejects.toThrow(/`directory` must be a non-empty path/);
  });
});
