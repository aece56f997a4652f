import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { GENESIS_HASH, canonicalEventJson, chainHash, type AuditEvent, type AuditSink } from '@brane/audit';
import { AuditError, BraneError, describeValue } from '@brane/errors';
import { auditColumns, jsonbText, type AuditColumns } from './auditColumns.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import { auditInsertStatement, recordTexts, type RecordTexts } from './auditInsertStatement.js';
import { postgresFailure } from './postgresFailure.js';

/** Options of a {@link PostgresAuditSink}: where its tables are (see `PostgresConnectionOptions`), and its stream. */
export interface PostgresAuditSinkOptions extends PostgresConnectionOptions {
  /**
   * The stream this sink appends to. Default: a new stream per sink, `<host>/<pid>/<random>`. A stream that exists is
   * continued; two sinks writing one stream at once are refused (the second fails with `AUDIT_WRITE_FAILED`).
   */
  readonly stream?: string | undefined;
  /** The most records one `INSERT` carries. Default 1,000. */
  readonly maxBatchSize?: number | undefined;
}

/** A record chained and serialized, not yet committed. */
interface PendingRecord extends AuditColumns {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly json: string;
}

/** A write waiting for the commit of its last record. */
interface Waiter {
  readonly upTo: number;
  /** How many inserts had started when it came: only a failure of an insert started after it rejects it. */
  readonly after: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const STREAM = /^[\x21-\x7e]{1,200}$/;

/**
 * An {@link AuditSink} that writes the audit trail into PostgreSQL (`<schema>.audit_records`, created by `migrate`),
 * for a fleet: every process writes its own stream, a hash chain as in a JSONL log (the same `chainHash`), so that
 * writers never wait on one another, and `PostgresAuditLog.verify` (`brane audit verify --store …`) checks each
 * stream whole and unaltered.
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
  /** The stream this sink appends to. */
  readonly stream: string;
  readonly #db: PostgresConnection;
  readonly #maxBatchSize: number;
  /** The insert statement for each form of the records' JSON parameter. */
  readonly #insert: Readonly<Record<RecordTexts['form'], string>>;
  readonly #heads: string;
  /** Whether the head of the stream is known: at once for a new stream, after a read for a named one. */
  #ready: boolean;
  #started: Promise<void> | undefined;
  #acceptedSeq = 0;
  #acceptedHash = GENESIS_HASH;
  #committedSeq = 0;
  #pending: PendingRecord[] = [];
  #waiters: Waiter[] = [];
  readonly #seqOf = new WeakMap<object, number>();
  /** Whether the insert loop runs: it clears it itself, in the turn it finds nothing left to insert. */
  #inserting = false;
  /** Inserts started so far. */
  #attempts = 0;
  #closed = false;

  constructor(options: PostgresAuditSinkOptions) {
    const { stream, maxBatchSize, ...connection } = options ?? {};
    this.#db = new PostgresConnection(connection, 'PostgresAuditSink');
    if (stream !== undefined && (typeof stream !== 'string' || !STREAM.test(stream))) {
      throw invalid('stream', '1 to 200 printable ASCII characters', stream);
    }
    if (maxBatchSize !== undefined && (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1)) {
      throw invalid('maxBatchSize', 'a positive integer', maxBatchSize);
    }
    this.stream = stream ?? `${os.hostname().slice(0, 100)}/${process.pid}/${randomBytes(6).toString('hex')}`;
    this.#ready = stream === undefined;
    this.#maxBatchSize = maxBatchSize ?? 1_000;
    this.#heads = this.#db.table('audit_streams');
    const records = this.#db.table('audit_records');
    this.#insert = {
      lines: auditInsertStatement(records, this.#heads, 'lines'),
      json: auditInsertStatement(records, this.#heads, 'json'),
    };
  }

  /** The schema of the tables. */
  get schema(): string {
    return this.#db.schema;
  }

  /** {@inheritDoc AuditSink.write} */
  async write(events: readonly AuditEvent[]): Promise<void> {
    this.#assertOpen();
    if (!this.#ready) await this.#start();
    const upTo = this.#accept(events);
    if (upTo <= this.#committedSeq) return;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo, after: this.#attempts, resolve, reject });
      this.#run();
    });
  }

  /** {@inheritDoc AuditSink.writeDurable} A committed record is durable: the same as {@link write}. */
  writeDurable(events: readonly AuditEvent[]): Promise<void> {
    return this.write(events);
  }

  /** Commits every record handed to the sink so far; rejects with `AUDIT_WRITE_FAILED` if it cannot. */
  async flush(): Promise<void> {
    if (this.#acceptedSeq <= this.#committedSeq) return;
    const upTo = this.#acceptedSeq;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo, after: this.#attempts, resolve, reject });
      this.#run();
    });
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

  /** Serializes and chains the events not seen before; returns the last `seq` the write needs. */
  #accept(events: readonly AuditEvent[]): number {
    const items: unknown = events;
    if (!Array.isArray(items)) throw invalid('events', 'an array', events);
    let upTo = 0;
    for (const event of events) {
      const known = this.#seqOf.get(event);
      if (known !== undefined) {
        upTo = Math.max(upTo, known);
        continue;
      }
      const json = canonicalEventJson(event);
      const seq = ++this.#acceptedSeq;
      const prev = this.#acceptedHash;
      const hash = chainHash(prev, seq, json);
      this.#pending.push({ seq, prev, hash, json, ...auditColumns(event) });
      this.#seqOf.set(event, seq);
      this.#acceptedHash = hash;
      upTo = seq;
    }
    return upTo;
  }

  /** Starts the insert loop unless it runs. */
  #run(): void {
    if (this.#inserting) return;
    this.#inserting = true;
    void this.#loop();
  }

  /** Inserts the pending records, a batch a statement, until none is left or one fails. */
  async #loop(): Promise<void> {
    let retry = false;
    try {
      while (this.#pending.length > 0) {
        this.#attempts += 1;
        await this.#insertBatch(this.#pending.slice(0, this.#maxBatchSize));
        this.#settle();
      }
    } catch (error) {
      // The writes that came while the failed insert was under way were not part of it: they get an insert of
      // their own (and its failure, if the database is still down), not this one's.
      const failure = this.#failure(error);
      const failed = this.#attempts;
      const waiting = this.#waiters.filter((waiter) => waiter.after >= failed);
      for (const waiter of this.#waiters) if (waiter.after < failed) waiter.reject(failure);
      this.#waiters = waiting;
      retry = waiting.length > 0;
    } finally {
      this.#inserting = false;
    }
    this.#settle();
    if (retry) this.#run();
  }

  /** For a stream named in the options: reads where its head is, once, before the first record is chained. */
  #start(): Promise<void> {
    this.#started ??= this.#db
      .query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${this.#heads} WHERE stream = $1`, [this.stream])
      .then(({ rows }) => {
        const head = rows[0];
        if (head !== undefined && this.#acceptedSeq === 0) {
          this.#committedSeq = this.#acceptedSeq = Number(head.seq);
          this.#acceptedHash = head.hash;
        }
        this.#ready = true;
      })
      .catch((error: unknown) => {
        this.#started = undefined;
        throw this.#failure(error);
      });
    return this.#started;
  }

  async #insertBatch(batch: readonly PendingRecord[]): Promise<void> {
    const first = batch[0] as PendingRecord;
    const last = batch[batch.length - 1] as PendingRecord;
    const now = new Date().toISOString();
    const texts = recordTexts(batch.map((record) => record.json));
    const { rows } = await this.#db.query<{ moved: boolean }>(
      this.#insert[texts.form],
      [
        this.stream,
        first.seq - 1,
        last.seq,
        last.hash,
        batch.map((record) => record.seq),
        batch.map((record) => record.prev),
        batch.map((record) => record.hash),
        batch.map((record) => record.time ?? now),
        batch.map((record) => record.type),
        batch.map((record) => record.capability),
        batch.map((record) => record.tenantId),
        batch.map((record) => record.principalId),
        batch.map((record) => record.actionId),
        batch.map((record) => record.outcome),
        batch.map((record) => record.phase),
        // The JSON of the records goes as one text (see recordTexts): node-postgres would escape each one into a
        // text[] literal in JavaScript, which cost more than serializing the record.
        texts.value,
        batch.map((record) => jsonbText(record.json)),
      ],
      true, // prepared once per connection: planning this statement cost the server 1.5 to 4 ms a batch
    );
    if (rows[0]?.moved !== true) await this.#checkCommitted(last);
    this.#pending.splice(0, batch.length);
    this.#committedSeq = last.seq;
  }

  /**
   * The head did not move: the batch was committed by an attempt whose answer was lost, or another writer holds the
   * stream. Only the first is fine.
   */
  async #checkCommitted(last: PendingRecord): Promise<void> {
    const { rows } = await this.#db.query<{ hash: string }>(
      `SELECT hash FROM ${this.#db.table('audit_records')} WHERE stream = $1 AND seq = $2`,
      [this.stream, last.seq],
    );
    if (rows[0]?.hash === last.hash) return;
    throw new AuditError(
      'AUDIT_WRITE_FAILED',
      this.name,
      `Another writer appends to the audit stream \`${this.stream}\`: each sink needs a stream of its own`,
      { details: { stream: this.stream, seq: last.seq } },
    );
  }

  /** Resolves the writes whose records are all committed. */
  #settle(): void {
    if (this.#waiters.length === 0) return;
    const waiting: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.upTo <= this.#committedSeq) waiter.resolve();
      else waiting.push(waiter);
    }
    this.#waiters = waiting;
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new AuditError('AUDIT_WRITE_FAILED', this.name, `The audit sink of stream \`${this.stream}\` is closed`);
    }
  }

  #failure(error: unknown): AuditError {
    if (error instanceof AuditError) return error;
    const failure = postgresFailure(error);
    return new AuditError(
      'AUDIT_WRITE_FAILED',
      this.name,
      `Could not write ${this.#pending.length} audit record(s) to PostgreSQL (schema ${this.#db.schema}): ${failure.summary}`,
      { cause: error, details: { kind: failure.kind, stream: this.stream, schema: this.#db.schema } },
    );
  }
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
