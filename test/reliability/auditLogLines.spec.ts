import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { LineSplitter, type AuditLogLine } from '../../packages/audit/src/read/LineSplitter.js';
import { propertyParameters } from './propertyRuns.js';

/** What the lines of `bytes` are, by the definition: split at every newline; a last piece without one is incomplete. */
function expectedLines(bytes: Buffer, max: number): AuditLogLine[] {
  const lines: AuditLogLine[] = [];
  for (let start = 0; start < bytes.length;) {
    const found = bytes.indexOf(0x0a, start);
    const end = found === -1 ? bytes.length : found;
    const line = bytes.subarray(start, end);
    const complete = found !== -1;
    lines.push(
      line.length > max
        ? { text: '', complete, validUtf8: true, oversizedBytes: line.length }
        : { text: line.toString('utf8'), complete, validUtf8: isUtf8(line) },
    );
    start = end + 1;
  }
  return lines;
}

/** Bytes that are mostly lines: newlines, ASCII, multi-byte characters, and bytes that are not UTF-8. */
const logBytes = fc
  .array(
    fc.oneof(
      fc.constant(Buffer.from('\n')),
      fc.string({ maxLength: 40 }).map((text) => Buffer.from(text)),
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((text) => Buffer.from(text)),
      fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.from([0xef, 0xbf, 0xbd])),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.concat(parts));

describe('the audit log readers split any bytes into lines, in bounded memory', () => {
  it('gives the same lines, whatever the chunks and the line limit: a longer line by its length, unheld', () => {
    fc.assert(
      fc.property(
        logBytes,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 48 }),
        (bytes, sizes, max) => {
          const splitter = new LineSplitter(max);
          const lines: AuditLogLine[] = [];
          // Chunks cut anywhere, through characters and newlines; the reader reuses its buffer, as the sync one does.
          const scratch = Buffer.alloc(64);
          for (let at = 0, index = 0; at < bytes.length; index++) {
            const size = Math.min(sizes[index % sizes.length] as number, bytes.length - at);
            bytes.copy(scratch, 0, at, at + size);
            lines.push(...splitter.push(scratch.subarray(0, size)));
            scratch.fill(0x0a);
            at += size;
          }
          lines.push(...splitter.end());
          expect(lines).toStrictEqual(expectedLines(bytes, max));
        },
      ),
      propertyParameters(2_000),
    );
  });
});
