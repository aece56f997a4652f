import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditLogLines, auditLogLinesSync, type AuditLogLine } from '../../src/read/auditLogLines.js';
import { MAX_AUDIT_LINE_BYTES } from '../../src/read/maxAuditLineBytes.js';
import { makeTempDir, removeTempDir } from '../fixtures/events.js';

/** What `run` throws (`undefined` when it returns). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function linesOf(file: string): Promise<AuditLogLine[]> {
  const lines: AuditLogLine[] = [];
  for await (const line of auditLogLines(file)) lines.push(line);
  return lines;
}

/** Writes `bytes` of `x` without building them in memory at once. */
function writeLongLine(fd: number, bytes: number): void {
  const block = Buffer.alloc(1024 * 1024, 'x');
  for (let left = bytes; left > 0; left -= block.length) fs.writeSync(fd, block, 0, Math.min(left, block.length));
}

describe('auditLogLines', () => {
  let root: string;

  beforeEach(() => {
    root = makeTempDir();
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('reads lines, and a last line without its newline as incomplete', async () => {
    const file = path.join(root, 'a.jsonl');
    fs.writeFileSync(file, 'one\n\ntwo\u2028\r\nthree');
    const expected = [
      { text: 'one', complete: true, validUtf8: true },
      { text: '', complete: true, validUtf8: true },
      { text: 'two\u2028\r', complete: true, validUtf8: true },
      { text: 'three', complete: false, validUtf8: true },
    ];
    await expect(linesOf(file)).resolves.toStrictEqual(expected);
    expect([...auditLogLinesSync(file)]).toStrictEqual(expected);
  });

  it('reads nothing from an empty file', async () => {
    const file = path.join(root, 'empty.jsonl');
    fs.writeFileSync(file, '');
    await expect(linesOf(file)).resolves.toStrictEqual([]);
    expect([...auditLogLinesSync(file)]).toStrictEqual([]);
  });

  it('tells a line of invalid UTF-8 from one that holds U+FFFD, across chunk boundaries', async () => {
    const file = path.join(root, 'utf8.jsonl');
    const padding = Buffer.alloc(64 * 1024 - 2, 'a');
    // A character of three bytes cut by the first chunk's end; then the bytes EF BF BD (U+FFFD) and a lone FF.
    fs.writeFileSync(
      file,
      Buffer.concat([padding, Buffer.from('é\n\uFFFD\n'), Buffer.from([0xff, 0x0a, 0xf0, 0x90, 0x80, 0x0a])]),
    );
    const expected = [
      { text: `${padding.toString()}é`, complete: true, validUtf8: true },
      { text: '\uFFFD', complete: true, validUtf8: true },
      { text: '\uFFFD', complete: true, validUtf8: false },
      { text: '\uFFFD', complete: true, validUtf8: false },
    ];
    await expect(linesOf(file)).resolves.toStrictEqual(expected);
    expect([...auditLogLinesSync(file)]).toStrictEqual(expected);
  });

  it(`reports a line longer than ${MAX_AUDIT_LINE_BYTES} bytes by its length, without holding it, and goes on`, async () => {
    const file = path.join(root, 'long.jsonl');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'before\n');
    writeLongLine(fd, MAX_AUDIT_LINE_BYTES + 1);
    fs.writeSync(fd, '\nafter\n');
    writeLongLine(fd, MAX_AUDIT_LINE_BYTES + 5);
    fs.closeSync(fd);
    const expected = [
      { text: 'before', complete: true, validUtf8: true },
      { text: '', complete: true, validUtf8: true, oversizedBytes: MAX_AUDIT_LINE_BYTES + 1 },
      { text: 'after', complete: true, validUtf8: true },
      { text: '', complete: false, validUtf8: true, oversizedBytes: MAX_AUDIT_LINE_BYTES + 5 },
    ];
    const started = Date.now();
    await expect(linesOf(file)).resolves.toStrictEqual(expected);
    expect([...auditLogLinesSync(file)]).toStrictEqual(expected);
    // Linear: the reader used to rebuild the line at every chunk (about 23 s for 32 MB on a 2-core machine).
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it(`keeps a line of exactly ${MAX_AUDIT_LINE_BYTES} bytes`, async () => {
    const file = path.join(root, 'max.jsonl');
    const fd = fs.openSync(file, 'w');
    writeLongLine(fd, MAX_AUDIT_LINE_BYTES);
    fs.writeSync(fd, '\n');
    fs.closeSync(fd);
    const [line, ...rest] = [...auditLogLinesSync(file)];
    expect(rest).toStrictEqual([]);
    expect(line?.text.length).toBe(MAX_AUDIT_LINE_BYTES);
    expect(line?.oversizedBytes).toBeUndefined();
  });
});

describe('auditLogLines on a path that is not a regular file', () => {
  let root: string;

  beforeEach(() => {
    root = makeTempDir();
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('refuses a directory, naming it', async () => {
    const refused = { code: 'INVALID_ARGUMENT', details: { file: root, kind: 'directory' } };
    await expect(linesOf(root)).rejects.toMatchObject(refused);
    await expect(linesOf(root)).rejects.toThrow(/is a directory/);
    expect(() => [...auditLogLinesSync(root)]).toThrow(/is a directory/);
    expect(thrownBy(() => [...auditLogLinesSync(root)])).toMatchObject(refused);
  });

  (process.platform === 'win32' ? it.skip : it)('refuses a device, naming it and its kind', async () => {
    const device = path.join(root, 'null.jsonl');
    fs.symlinkSync('/dev/null', device);
    const refused = { code: 'INVALID_ARGUMENT', details: { file: device, kind: 'device' } };
    await expect(linesOf(device)).rejects.toMatchObject(refused);
    await expect(linesOf(device)).rejects.toThrow(/is not a regular file \(a device\)/);
    expect(thrownBy(() => [...auditLogLinesSync(device)])).toMatchObject(refused);
  });

  (process.platform === 'win32' ? it.skip : it)(
    'refuses a FIFO at once, instead of waiting for a writer forever',
    async () => {
      const fifo = path.join(root, 'fifo.jsonl');
      execFileSync('mkfifo', [fifo]);
      const refused = { code: 'INVALID_ARGUMENT', details: { file: fifo, kind: 'fifo' } };
      await expect(linesOf(fifo)).rejects.toMatchObject(refused);
      await expect(linesOf(fifo)).rejects.toThrow(/is not a regular file \(a FIFO\)/);
      expect(thrownBy(() => [...auditLogLinesSync(fifo)])).toMatchObject(refused);
    },
    5_000,
  );
});
