import * as crypto from 'node:crypto';
import { compactLine } from './compactLine.js';

/** Bytes a new chunk holds: about a hundred compact records. */
const CHUNK_BYTES = 64 * 1024;
/** The length of a compact record's hash (base64url SHA-256), the `prev` of every record after the first. */
const PREV_LENGTH = 43;
/** `"h":"` + a hash + `",` is this much longer than `prev` + a newline. */
const HASH_FIELD_SHIFT = 6;

/** Records chained into one buffer: their line bytes, and the `seq` and hash of the last. */
export interface LineChunk {
  readonly bytes: Buffer;
  readonly count: number;
  readonly lastSeq: number;
  readonly lastHash: string;
}

/** Where a {@link LineBuffer} stood: what {@link LineBuffer.rollback} restores. */
export interface LineBufferMark {
  readonly sealed: number;
  readonly chunk: Buffer;
  readonly used: number;
  readonly count: number;
  readonly lastSeq: number;
  readonly lastHash: string;
}

type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'base64url') => string;

/** SHA-256, base64url, of bytes: `crypto.hash` where Node has it (20.12 and later), else `createHash`. */
const sha256Base64url: (data: Uint8Array) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash: OneShotHash }).hash('sha256', data, 'base64url')
    : (data) => crypto.createHash('sha256').update(data).digest('base64url');

/**
 * Not public API. Compact lines (format 3) built straight into buffers: the same bytes and hashes as `compactLine`,
 * without a string per line that lives until the line is written. Each record is encoded once, at its place in a
 * chunk: first as the bytes its hash covers (`prev`, a newline, `{"v":3,"s":<seq>,<body>}`), then its head is
 * overwritten with the line's (`{"v":3,"s":<seq>,"h":"<hash>",`), which is exactly as long, and a newline closes it.
 *
 * Chunks are taken whole ({@link take}), so a chunk being written is never changed: later records go to a new one.
 */
export class LineBuffer {
  #chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  #count = 0;
  #lastSeq = 0;
  #lastHash = '';
  readonly #sealed: LineChunk[] = [];

  /** Records held, in every chunk. */
  get size(): number {
    let size = this.#count;
    for (const chunk of this.#sealed) size += chunk.count;
    return size;
  }

  /**
   * Appends record `seq` after the record whose hash is `prev`; returns its hash.
   *
   * @param body the line's fields after `h`, without braces (see `compactBody`)
   */
  append(seq: number, prev: string, body: string): string {
    if (prev.length !== PREV_LENGTH) return this.#appendLine(seq, compactLine(seq, prev, body));
    const head = `{"v":3,"s":${seq},`;
    const hashed = `${prev}\n${head}${body}}`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the line is HASH_FIELD_SHIFT + 1 longer than what is hashed.
    const room = hashed.length * 3 + HASH_FIELD_SHIFT + 1;
    if (this.#chunk.length - this.#used < room) this.#seal(room);
    const chunk = this.#chunk;
    const start = this.#used;
    const end = start + HASH_FIELD_SHIFT + chunk.write(hashed, start + HASH_FIELD_SHIFT, 'utf8');
    const hash = sha256Base64url(chunk.subarray(start + HASH_FIELD_SHIFT, end));
    chunk.write(`${head}"h":"${hash}",`, start, 'latin1');
    chunk[end] = 0x0a;
    this.#used = end + 1;
    this.#count += 1;
    this.#lastSeq = seq;
    this.#lastHash = hash;
    return hash;
  }

  /** Appends a line built as a string: after a `prev` of another length (the genesis hash, a format 2 log). */
  #appendLine(seq: number, { hash, line }: { readonly hash: string; readonly line: string }): string {
    const room = line.length * 3;
    if (this.#chunk.length - this.#used < room) this.#seal(room);
    this.#used += this.#chunk.write(line, this.#used, 'utf8');
    this.#count += 1;
    this.#lastSeq = seq;
    this.#lastHash = hash;
    return hash;
  }

  /** Where the buffer stands now, for {@link rollback}. */
  mark(): LineBufferMark {
    return {
      sealed: this.#sealed.length,
      chunk: this.#chunk,
      used: this.#used,
      count: this.#count,
      lastSeq: this.#lastSeq,
      lastHash: this.#lastHash,
    };
  }

  /** Forgets every record appended since `mark` (no {@link take} in between): a batch is accepted whole or not at all. */
  rollback(mark: LineBufferMark): void {
    this.#sealed.length = mark.sealed;
    this.#chunk = mark.chunk;
    this.#used = mark.used;
    this.#count = mark.count;
    this.#lastSeq = mark.lastSeq;
    this.#lastHash = mark.lastHash;
  }

  /** Every record held, oldest first, in whole chunks; later records go to new chunks. */
  take(): LineChunk[] {
    this.#seal(0);
    return this.#sealed.slice();
  }

  /** Forgets the records up to `seq` (they are in the file): whole chunks, as {@link take} gave them. */
  dropThrough(seq: number): void {
    let drop = 0;
    while (drop < this.#sealed.length && (this.#sealed[drop] as LineChunk).lastSeq <= seq) drop += 1;
    this.#sealed.splice(0, drop);
    if (this.#count > 0 && this.#lastSeq <= seq) this.#reset(this.#chunk.length);
  }

  /** Closes the open chunk (when it holds records) and opens one with at least `room` bytes. */
  #seal(room: number): void {
    if (this.#count > 0) {
      const bytes = this.#chunk.subarray(0, this.#used);
      this.#sealed.push({ bytes, count: this.#count, lastSeq: this.#lastSeq, lastHash: this.#lastHash });
      this.#reset(Math.max(CHUNK_BYTES, room));
    } else if (this.#chunk.length < room) {
      this.#reset(room);
    }
  }

  #reset(bytes: number): void {
    // A new buffer, never the old one reused: a sealed chunk may still be on its way to the file.
    this.#chunk = Buffer.allocUnsafe(bytes);
    this.#used = 0;
    this.#count = 0;
  }
}

/** The bytes of `chunks`, in order, as one buffer (the chunk's own when there is one). */
export function bytesOf(chunks: readonly LineChunk[]): Buffer {
  return chunks.length === 1 ? (chunks[0] as LineChunk).bytes : Buffer.concat(chunks.map((chunk) => chunk.bytes));
}

/** How many records `chunks` hold. */
export function countOf(chunks: readonly LineChunk[]): number {
  return chunks.reduce((count, chunk) => count + chunk.count, 0);
}
