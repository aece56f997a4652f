import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { AuditEvent, AuditSink } from '@brane/audit';
import { AuditError, BraneError, describeValue } from '@brane/errors';
import { AuditStreamWriter } from './AuditStreamWriter.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';

/** Options of a {@link PostgresAuditSink}: where its tables are (see `PostgresConnectionOptions`), and its streams. */
export interface PostgresAuditSinkOptions extends PostgresConnectionOptions {
  /**
   * The stream this sink appends to (its first stream; the others are named `<stream>/2`, `<stream>/3` …). Default: a
   * new stream per sink, `<host>/<pid>/<random>`. A stream that exists is continued; two sinks writing one stream at
   * once are refused (the second fails with `AUDIT_WRITE_FAILED`).
   */
  readonly stream?: string | undefined;
  /**
   * How many streams (hash chains) the sink appends to at once, 1 to 16. A large write is split between them in
   * order, so that their inserts run side by side on connections of their own. Default 2.
   */
  readonly streams?: number | undefined;
  /**
   * The most records one `INSERT` carries, and the most events one write takes from the dispatcher's queue (a write
   * split between streams inserts less into each). Default 1,000.
   */
  readonly maxBatchSize?: number | undefined;
}

const STREAM = /^[\x21-\x7e]{1,200}$/;
const MAX_STREAMS = 16;
/** A stream and the events of a write that go to it. */
type Part = readonly [AuditStreamWriter, AuditEvent[]];

/** A write of at least this many new records is split between the streams; a smaller one goes to one of them. */
export const SPLIT_AT = 64;

/**
 * An {@link AuditSink} that writes the audit trail into PostgreSQL (`<schema>.audit_records`, created by `migrate`),
 * for a fleet: every process writes streams of its own (two by default), each a hash chain as in a JSONL log (the
 * same `chainHash`), so that writers never wait on one another, and `PostgresAuditLog.verify` (`brane audit verify
 * --store …`) checks each stream whole and unaltered.
 *
 * - Records are chained when they are handed to the sink and inserted in order, many per statement; each statement
 *   also moves the stream's head (`audit_streams`) only if it is where the batch starts, so a batch is committed once
 *   and whole, even when a write whose answer was lost is retried.
 * - `write` resolves once its records are committed; `writeDurable` is the same (a commit is durable), so an async
 *   capability under `durability: 'sync'` runs only once its decision record is committed. There is no `writeSync`:
 *   a synchronous capability cannot wait for a database, and a runtime refuses one under `durability: 'sync'`
 *   unless another sink can write synchronously.
 * - A failure rejects with an `AuditError` `AUDIT_WRITE_FAILED` naming its kind (`details.kind`) with the driver's
 *   error as `cause`; the records stay, in order, and the next write, `flush` or `close` sends them again. The
 *   dispatcher's queue rules (`block`, `drop`, `fail-closed`) hold meanwhile.
 * - Records still held when the process exits are lost (a network write cannot finish then): `close()` the runtime.
 *
 * @example
 * await migrate(pool);
 * const runtime = new Runtime({ audit: { sinks: [new PostgresAuditSink({ pool })] } });
 */
export class PostgresAuditSink implements AuditSink {
  readonly name = 'postgres';
  /** The stream this sink appends to first (see {@link streams}). */
  readonly stream: string;
  /** Every stream this sink appends to: {@link stream}, then `<stream>/2` … */
  readonly streams: readonly string[];
  /** {@inheritDoc AuditSink.maxBatchSize} The `maxBatchSize` option: batches larger than the dispatcher's default. */
  readonly maxBatchSize: number;
  readonly #db: PostgresConnection;
  readonly #writers: readonly AuditStreamWriter[];
  /** The stream each event went to: a write handed again (a retry) goes where it went the first time. */
  readonly #writerOf = new WeakMap<object, AuditStreamWriter>();
  #closed = false;

  constructor(options: PostgresAuditSinkOptions) {
    const { stream, streams, maxBatchSize, ...connection } = options ?? {};
    this.#db = new PostgresConnection(connection, 'PostgresAuditSink');
    if (stream !== undefined && (typeof stream !== 'string' || !STREAM.test(stream))) {
      throw invalid('stream', '1 to 200 printable ASCII characters', stream);
    }
    if (streams !== undefined && (!Number.isSafeInteger(streams) || streams < 1 || streams > MAX_STREAMS)) {
      throw invalid('streams', `a whole number from 1 to ${MAX_STREAMS}`, streams);
    }
    if (maxBatchSize !== undefined && (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1)) {
      throw invalid('maxBatchSize', 'a positive integer', maxBatchSize);
    }
    const count = streams ?? 2;
    const first = stream ?? `${os.hostname().slice(0, 100)}/${process.pid}/${randomBytes(6).toString('hex')}`;
    const names = Array.from({ length: count }, (_, i) => (i === 0 ? first : `${first}/${i + 1}`));
    const longest = names[names.length - 1] as string;
    if (longest.length > 200) {
      throw invalid(
        'stream',
        `at most ${200 - (longest.length - first.length)} characters with \`streams: ${count}\``,
        stream,
      );
    }
    this.stream = first;
    this.streams = Object.freeze(names);
    this.maxBatchSize = maxBatchSize ?? 1_000;
    this.#writers = names.map(
      (name) => new AuditStreamWriter(this.#db, name, stream !== undefined, this.maxBatchSize, this.name),
    );
  }

  /** The schema of the tables. */
  get schema(): string {
    return this.#db.schema;
  }

  /**
   * {@inheritDoc AuditSink.write} Resolves once every record is committed. A write of {@link SPLIT_AT} new records or
   * more is split in order between the streams; a smaller one goes to the first stream with no insert under way (else
   * the one with the fewest records waiting). Records a failed insert left in any stream are sent again.
   */
  async write(events: readonly AuditEvent[]): Promise<void> {
    this.#assertOpen();
    const items: unknown = events;
    if (!Array.isArray(items)) throw invalid('events', 'an array', events);
    const parts = this.#route(events);
    // Records a failed insert left in another stream go again now, as they would with this write in one stream.
    for (const writer of this.#writers) if (!parts.some(([to]) => to === writer)) writer.resume();
    if (parts.length === 1) {
      const [writer, part] = parts[0] as Part;
      return writer.write(part);
    }
    const writes: Promise<void>[] = [];
    for (const [writer, part] of parts) {
      // The turn between parts lets the insert of one go out while the next is serialized and chained.
      if (writes.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      writes.push(writer.write(part));
    }
    await settleAll(writes);
  }

  /** {@inheritDoc AuditSink.writeDurable} A committed record is durable: the same as {@link write}. */
  writeDurable(events: readonly AuditEvent[]): Promise<void> {
    return this.write(events);
  }

  /** Commits every record handed to the sink so far; rejects with `AUDIT_WRITE_FAILED` if it cannot. */
  async flush(): Promise<void> {
    await settleAll(this.#writers.map((writer) => writer.flush()));
  }

  /** Flushes, then closes the pool if the sink opened it. If the flush fails, the records are lost (and it rejects). */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      await this.#db.close();
    }
  }

  /** Which stream each event goes to, in order: where it went before, else split or to the least busy stream. */
  #route(events: readonly AuditEvent[]): Part[] {
    const writers = this.#writers;
    let fresh = 0;
    for (const event of events) if (!this.#writerOf.has(event)) fresh++;
    const share = fresh >= SPLIT_AT && writers.length > 1 ? Math.ceil(fresh / writers.length) : Infinity;
    // Split: the first `share` new events go to the first stream, the next `share` to the second, and so on.
    let current = share === Infinity ? leastBusy(writers) : (writers[0] as AuditStreamWriter);
    let lane = 0;
    let taken = 0;
    const parts = new Map<AuditStreamWriter, AuditEvent[]>();
    for (const event of events) {
      let writer = this.#writerOf.get(event);
      if (writer === undefined) {
        if (taken === share) {
          current = writers[++lane] ?? current;
          taken = 0;
        }
        taken++;
        writer = current;
        if (typeof event === 'object' && event !== null) this.#writerOf.set(event, writer);
      }
      const part = parts.get(writer);
      if (part === undefined) parts.set(writer, [event]);
      else part.push(event);
    }
    return parts.size === 0 ? [[leastBusy(writers), []]] : [...parts];
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new AuditError('AUDIT_WRITE_FAILED', this.name, `The audit sink of stream \`${this.stream}\` is closed`);
    }
  }
}

/**
 * The first writer with no insert under way (a quiet sink writes one stream, and records a failed insert left go
 * with the next ones), else the one with the fewest records waiting.
 */
function leastBusy(writers: readonly AuditStreamWriter[]): AuditStreamWriter {
  let best = writers[0] as AuditStreamWriter;
  for (const writer of writers) {
    if (!writer.inserting) return writer;
    if (writer.uncommitted < best.uncommitted) best = writer;
  }
  return best;
}

/** Waits for every one of `writes`, then rejects with the first failure if there was one. */
async function settleAll(writes: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

function invalid(name: string, what: string, value: unknown): BraneError {
  return new BraneError(
    'INVALID_ARGUMENT',
    `PostgresAuditSink: \`${name}\` must be ${what} (got ${describeValue(value)})`,
    {
      details: { argument: name },
    },
  );
}
