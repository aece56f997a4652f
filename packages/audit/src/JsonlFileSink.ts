import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { AuditError, BraneError, describeValue } from '@brane/errors';
import type { AuditEvent } from './AuditEvent.js';
import { GENESIS_HASH } from './AuditRecord.js';
import type { AuditSink } from './AuditSink.js';
import { exitDrain, type ExitDrainable } from './exitDrain.js';
import { writeFully, writeFullySync, writeHead } from './logFileWrites.js';
import type { JsonlFileSinkOptions } from './JsonlFileSinkOptions.js';
import { LineBuffer, bytesOf, countOf, type LineChunk } from './record/LineBuffer.js';
import { lineBody } from './record/lineBody.js';
import { continuableLog } from './verify/continuableLog.js';

/** A write waiting for its records to be appended, synced and covered by the head file. */
interface Waiter {
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const noop = (): void => undefined;
/** `fs.fsync` as a promise, looked up at each call (tests replace it). */
const fsyncAsync = (fd: number): Promise<void> => promisify(fs.fsync)(fd);

/**
 * An {@link AuditSink} that appends records to a tamper-evident JSONL log (see {@link AuditRecord}): one record a
 * line, each chained to the one before by its hash, and a head file `<log>.head` holding the last `seq` and hash,
 * rewritten atomically after the log is synced. One sink writes one file; two writers on one file break its chain.
 *
 * - Writing goes in rounds: a round appends every record accepted since the round before in one write, syncs the
 *   file once (`fsync`) and then updates the head file. A round starts as soon as the one before ends, so the
 *   batches grow with the load and a burst costs one `fsync` per round, not per record.
 * - `write` and `writeDurable` settle once their records are in the log, synced, and in the head file (with a
 *   `flushIntervalMs`, `write` first holds records for that long or until `batchSize` are buffered). If the round
 *   fails the promise rejects, and the records stay buffered with their `seq`s: the next write, `flush` or `close`
 *   appends them.
 * - An event object is recorded once: written again (the dispatcher's retry of a failed batch, or its exit drain
 *   resending a batch in flight), it is not given a second record.
 * - `writeSync` appends the buffer and its events at once and syncs the file to disk before returning.
 * - When the process exits (`process.exit` or an empty event loop), buffered records are written synchronously.
 *   A process killed by a signal loses its buffer: use `writeSync` for records that must survive it.
 *
 * Records are written at the end of what is known to be in the file, so an append that failed half-way is
 * overwritten by the next, and one that lands late writes the same bytes again. Every line is at most
 * `MAX_AUDIT_LINE_BYTES` long, so the readers read it: a record that would be longer is written with its largest
 * values cut, each ending with ` … [cut N characters]` (see the package README).
 *
 * @example
 * const sink = new JsonlFileSink({ directory: '/var/log/brane' });
 */
export class JsonlFileSink implements AuditSink {
  readonly name = 'jsonl';
  /** Large batches: a round costs one `write` and one `fsync` however many records it holds. */
  readonly maxBatchSize = 4096;
  /** The absolute directory of the log, created on first write. */
  readonly directory: string;
  /** The absolute path of the log. */
  readonly file: string;
  readonly #headFile: string;
  readonly #headTemp: string;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  /** Held by the sink: `exitDrain` holds it weakly. */
  readonly #atExit: ExitDrainable = { drainAtExit: this.#exitFlush.bind(this) };
  #fd: number | undefined;
  #closed = false;
  /** The bytes known to be in the file, up to the last record written. */
  #size = 0;
  #writtenSeq = 0;
  #writtenHash = GENESIS_HASH;
  #headSeq = 0;
  #acceptedSeq = 0;
  #acceptedHash = GENESIS_HASH;
  /** Accepted, not yet in the file. */
  readonly #pending = new LineBuffer();
  #waiters: Waiter[] = [];
  /** The `seq` of every event object accepted: written again (a retry), an event is not recorded twice. */
  readonly #seqOf = new WeakMap<object, number>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;

  constructor(options: JsonlFileSinkOptions = {}) {
    const { directory = '.brane/audit', file, batchSize = 256, flushIntervalMs = 0 } = options ?? {};
    assertPath(directory, 'directory');
    if (file !== undefined) assertPath(file, 'file');
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw invalid('batchSize', 'a positive integer', batchSize);
    if (typeof flushIntervalMs !== 'number' || !(flushIntervalMs >= 0 && flushIntervalMs <= 2 ** 31 - 1)) {
      throw invalid('flushIntervalMs', 'a number of milliseconds, 0 or more', flushIntervalMs);
    }
    const random = randomBytes(4).toString('hex');
    const name = file ?? `${new Date().toISOString().replace(/:/g, '-')}-${process.pid}-${random}.jsonl`;
    this.file = path.resolve(directory, name);
    this.directory = path.dirname(this.file);
    this.#headFile = `${this.file}.head`;
    this.#headTemp = `${this.#headFile}.${process.pid}.${random}.tmp`;
    this.#batchSize = batchSize;
    this.#flushIntervalMs = flushIntervalMs;
  }

  /** {@inheritDoc AuditSink.write} */
  async write(events: readonly AuditEvent[]): Promise<void> {
    this.#assertOpen();
    if (Array.isArray(events) && events.length === 0) return;
    this.#open();
    const before = this.#acceptedSeq;
    const upTo = this.#accept(events);
    if (upTo <= this.#headSeq) return;
    const written = new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo, resolve, reject });
    });
    // No interval, a full batch, or a retry of events accepted before: append now.
    if (this.#flushIntervalMs === 0 || this.#pending.size >= this.#batchSize || upTo <= before) {
      this.#drain().catch(noop);
    } else {
      this.#schedule();
    }
    await written;
  }

  /** {@inheritDoc AuditSink.writeSync} */
  writeSync(events: readonly AuditEvent[]): void {
    this.#assertOpen();
    this.#open();
    this.#accept(events);
    this.#writeSyncNow();
  }

  /**
   * {@inheritDoc AuditSink.writeDurable}
   *
   * Group commit: the records join the next round, whose one `fsync` covers every durable write that arrived while
   * the round before it ran.
   */
  async writeDurable(events: readonly AuditEvent[]): Promise<void> {
    this.#assertOpen();
    this.#open();
    await this.#through(this.#accept(events));
  }

  /** Appends everything buffered, syncs the file to disk and updates the head file. */
  async flush(): Promise<void> {
    if (this.#fd === undefined) return;
    await this.#through(this.#acceptedSeq);
  }

  /** Settles once a round has appended, synced and recorded in the head file every record up to `upTo`. */
  async #through(upTo: number): Promise<void> {
    if (upTo <= this.#headSeq) return;
    const done = new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo, resolve, reject });
    });
    this.#drain().catch(noop);
    await done;
  }

  /**
   * Flushes, stops the timer and closes the file. If the flush fails, the promise rejects and the sink keeps its
   * buffer and its file: `close` again to retry, or the exit handler tries a last time.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    await this.#running;
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    exitDrain.delete(this.#atExit);
    fs.closeSync(fd);
  }

  /**
   * Opens the log on first use: continues an existing one that verifies, or starts a new one with its head file; one
   * it cannot read, or that does not verify, it refuses (see {@link continuableLog}), and tries again at the next write.
   */
  #open(): void {
    if (this.#fd !== undefined) return;
    try {
      fs.mkdirSync(this.directory, { recursive: true });
      const state = continuableLog(this.file);
      if (state === undefined) {
        writeHead(this.#headFile, this.#headTemp, 0, GENESIS_HASH);
      } else {
        this.#writtenSeq = this.#acceptedSeq = state.verification.lastSeq;
        this.#writtenHash = this.#acceptedHash = state.lastHash;
        this.#headSeq = state.headSeq;
      }
      const fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_CREAT);
      this.#size = fs.fstatSync(fd).size;
      this.#fd = fd;
    } catch (error) {
      throw this.#failure('open', error);
    }
    exitDrain.add(this.#atExit);
  }

  /**
   * Serializes and chains `events` after the last accepted record; returns the last `seq` they need. All or none:
   * if one cannot be serialized, none is accepted. Each record goes to the buffer as soon as it is serialized, so
   * that no batch of line strings lives until the batch ends.
   */
  #accept(events: readonly AuditEvent[]): number {
    const items: unknown = events;
    if (!Array.isArray(items)) throw invalid('events', 'an array', events);
    const mark = this.#pending.mark();
    const seq = this.#acceptedSeq;
    const hash = this.#acceptedHash;
    let upTo = 0;
    const fresh: AuditEvent[] = [];
    try {
      for (const event of events) {
        const known = this.#seqOf.get(event);
        if (known !== undefined) {
          upTo = Math.max(upTo, known);
          continue;
        }
        const body = lineBody(event);
        this.#acceptedHash = this.#pending.append(++this.#acceptedSeq, this.#acceptedHash, body);
        fresh.push(event);
      }
    } catch (error) {
      this.#pending.rollback(mark);
      this.#acceptedSeq = seq;
      this.#acceptedHash = hash;
      throw error;
    }
    for (let i = 0; i < fresh.length; i++) this.#seqOf.set(fresh[i] as AuditEvent, seq + i + 1);
    return fresh.length > 0 ? this.#acceptedSeq : upTo;
  }

  /** Queues an append of everything pending (after the one under way); joins one already queued. */
  #drain(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queued === undefined) {
      const run = this.#running.then(() => {
        this.#queued = undefined;
        return this.#append();
      });
      this.#queued = run;
      this.#running = run.then(noop, noop);
    }
    return this.#queued;
  }

  /** One round: appends every pending record in one write, syncs the file once, then updates the head file. */
  async #append(): Promise<void> {
    const fd = this.#fd;
    const chunks = this.#pending.take();
    const last = chunks[chunks.length - 1];
    if (fd !== undefined && last !== undefined) {
      const position = this.#size;
      const bytes = bytesOf(chunks);
      try {
        await writeFully(fd, bytes, position);
      } catch (error) {
        if (this.#writtenSeq >= last.lastSeq) return; // a writeSync wrote them meanwhile
        const failure = this.#failure(`append ${countOf(chunks)} record(s) to`, error);
        this.#settle(failure, last.lastSeq);
        throw failure;
      }
      if (this.#writtenSeq < last.lastSeq) this.#markWritten(last, position + bytes.length);
    }
    const seq = this.#writtenSeq;
    const hash = this.#writtenHash;
    if (fd !== undefined && seq > this.#headSeq) {
      try {
        await fsyncAsync(fd);
      } catch (error) {
        const failure = this.#failure('sync', error);
        this.#settle(failure, seq);
        throw failure;
      }
      try {
        this.#updateHead(seq, hash);
      } catch (failure) {
        this.#settle(failure, seq);
        throw failure;
      }
    }
    this.#settle();
  }

  /** Writes every pending record and syncs the file, then updates the head file; throws an AuditError. */
  #writeSyncNow(): void {
    const chunks = this.#pending.take();
    const last = chunks[chunks.length - 1];
    if (this.#fd !== undefined && last !== undefined) {
      const bytes = bytesOf(chunks);
      try {
        writeFullySync(this.#fd, bytes, this.#size);
      } catch (error) {
        throw this.#failure(`append ${countOf(chunks)} record(s) to`, error);
      }
      this.#markWritten(last, this.#size + bytes.length);
    }
    if (this.#fd !== undefined && this.#writtenSeq > this.#headSeq) {
      try {
        fs.fsyncSync(this.#fd);
      } catch (error) {
        throw this.#failure('sync', error);
      }
      this.#updateHead(this.#writtenSeq, this.#writtenHash);
    }
    this.#settle();
  }

  /** Records that the file now holds every record up to the last of `last`, and ends at `size`. */
  #markWritten(last: LineChunk, size: number): void {
    this.#pending.dropThrough(last.lastSeq);
    this.#writtenSeq = last.lastSeq;
    this.#writtenHash = last.lastHash;
    this.#size = size;
  }

  /** Records `seq` and its `hash` in the head file, once the log is synced up to it; never moves it back. */
  #updateHead(seq: number, hash: string): void {
    if (seq <= this.#headSeq) return;
    try {
      writeHead(this.#headFile, this.#headTemp, seq, hash);
    } catch (error) {
      throw this.#failure('update the head file of', error);
    }
    this.#headSeq = seq;
  }

  /**
   * Resolves the writes the head file now covers, rejects those up to `failedUpTo` with `failure`, and starts the
   * next round for the others (after `flushIntervalMs`, when set).
   */
  #settle(failure?: unknown, failedUpTo = 0): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      if (waiter.upTo <= this.#headSeq) waiter.resolve();
      else if (waiter.upTo <= failedUpTo) waiter.reject(failure);
      else this.#waiters.push(waiter);
    }
    if (this.#waiters.length === 0) return;
    if (this.#flushIntervalMs === 0 && failure === undefined) this.#drain().catch(noop);
    else this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed) return;
    if (this.#flushIntervalMs === 0) {
      this.#drain().catch(noop);
      return;
    }
    // Kept referenced: a write is awaiting this batch, so the process waits (at most one interval) for it,
    // rather than exiting with the caller's `await sink.write(...)` never settled.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drain().catch(noop);
    }, this.#flushIntervalMs);
  }

  /** At process exit: writes what is still buffered, or says on stderr that it could not. */
  #exitFlush(): void {
    if (this.#fd === undefined || (this.#pending.size === 0 && this.#headSeq === this.#writtenSeq)) return;
    try {
      this.#writeSyncNow();
    } catch (error) {
      process.stderr.write(`brane: ${(error as Error).message}\n`);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new AuditError('AUDIT_WRITE_FAILED', 'jsonl', `The audit log ${this.file} is closed`);
  }

  #failure(what: string, cause: unknown): AuditError {
    if (cause instanceof AuditError) return cause;
    const reason = (cause as { message?: unknown } | null)?.message;
    const message = `Could not ${what} the audit log ${this.file}: ${typeof reason === 'string' ? reason : String(cause)}`;
    return new AuditError('AUDIT_WRITE_FAILED', 'jsonl', message, { cause, details: { file: this.file } });
  }
}

function assertPath(value: unknown, name: string): void {
  if (typeof value !== 'string' || value === '') throw invalid(name, 'a non-empty path', value);
}

function invalid(name: string, what: string, value: unknown): BraneError {
  return new BraneError('INVALID_ARGUMENT', `JsonlFileSink: \`${name}\` must be ${what} (got ${describeValue(value)})`);
}
