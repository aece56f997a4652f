import { isUtf8 } from 'node:buffer';
import { MAX_AUDIT_LINE_BYTES } from './maxAuditLineBytes.js';

/** One line of a log file, as read. @internal */
export interface AuditLogLine {
  /** The line without its newline, decoded as UTF-8 (an invalid byte as U+FFFD); `''` for an oversized line. */
  readonly text: string;
  /** `false` for a last line that does not end with a newline. */
  readonly complete: boolean;
  /** Whether the line's bytes are valid UTF-8, as every line a sink writes is. */
  readonly validUtf8: boolean;
  /** Set on a line longer than the limit: its length in bytes. Its text was not kept. */
  readonly oversizedBytes?: number;
}

const NEWLINE = 0x0a;

/**
 * Splits the bytes of a log file, given in chunks of any size, into lines, in time linear in the bytes and memory
 * bounded by the longest line kept (`maxLineBytes`) plus a chunk: the bytes of a longer line are counted, not held.
 *
 * @internal
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  /** The start of the current line: copies of its bytes so far, unless it is already too long. */
  #pending: Buffer[] = [];
  /** The bytes of the current line so far, held or not. */
  #pendingBytes = 0;

  constructor(maxLineBytes = MAX_AUDIT_LINE_BYTES) {
    this.#maxLineBytes = maxLineBytes;
  }

  /** The lines that `chunk` completes. The chunk may be reused by the caller once this returns. */
  *push(chunk: Buffer): Generator<AuditLogLine> {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.#hold(chunk);
      return;
    }
    let start = 0;
    if (this.#pendingBytes > this.#maxLineBytes) {
      const first = chunk.indexOf(NEWLINE);
      yield oversized(this.#pendingBytes + first, true);
      start = first + 1;
      this.#pendingBytes = 0;
    }
    if (start <= last) {
      const head = chunk.subarray(start, last);
      yield* this.#lines(this.#pending.length === 0 ? head : Buffer.concat([...this.#pending, head]));
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#hold(chunk.subarray(last + 1));
  }

  /** The last line, when the bytes do not end with a newline: incomplete. */
  *end(): Generator<AuditLogLine> {
    if (this.#pendingBytes === 0) return;
    if (this.#pendingBytes > this.#maxLineBytes) yield oversized(this.#pendingBytes, false);
    else yield line(Buffer.concat(this.#pending), false);
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  #hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#pendingBytes += bytes.length;
    if (this.#pendingBytes > this.#maxLineBytes) this.#pending = [];
    else this.#pending.push(Buffer.from(bytes));
  }

  /** The complete lines of `bytes` (each line's newline, but the last's, included). */
  *#lines(bytes: Buffer): Generator<AuditLogLine> {
    if (bytes.length <= this.#maxLineBytes && isUtf8(bytes)) {
      // The usual case: decoded and split at once.
      for (const text of bytes.toString('utf8').split('\n')) yield { text, complete: true, validUtf8: true };
      return;
    }
    for (let start = 0; start <= bytes.length;) {
      const found = bytes.indexOf(NEWLINE, start);
      const end = found === -1 ? bytes.length : found;
      yield end - start > this.#maxLineBytes ? oversized(end - start, true) : line(bytes.subarray(start, end), true);
      start = end + 1;
    }
  }
}

function line(bytes: Buffer, complete: boolean): AuditLogLine {
  return { text: bytes.toString('utf8'), complete, validUtf8: isUtf8(bytes) };
}

function oversized(bytes: number, complete: boolean): AuditLogLine {
  return { text: '', complete, validUtf8: true, oversizedBytes: bytes };
}
