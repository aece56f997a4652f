import { GENESIS_HASH, canonicalEventJson, chainHash, type AuditEvent } from '@brane/audit';
import { AuditError } from '@brane/errors';
import { auditColumns, jsonbText, type AuditColumns } from './auditColumns.js';
import { auditInsertStatement, recordTexts, type RecordTexts } from './auditInsertStatement.js';
import type { PostgresConnection } from './PostgresConnection.js';
import { postgresFailure } from './postgresFailure.js';

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

/**
 * One stream of a {@link PostgresAuditSink}: a hash chain of its own, whose records are chained when they are handed
 * over and inserted in order, one statement at a time, each moving the stream's head only if it is where the batch
 * starts.
 *
 * @internal
 */
export class AuditStreamWriter {
  readonly #db: PostgresConnection;
  readonly #sink: string;
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

  /**
   * @param stream the stream's name
   * @param continued whether the stream may exist (a named one): its head is then read before the first record
   * @param sink the sink's name, for its errors
   */
  constructor(
    db: PostgresConnection,
    readonly stream: string,
    continued: boolean,
    maxBatchSize: number,
    sink: string,
  ) {
    this.#db = db;
    this.#sink = sink;
    this.#ready = !continued;
    this.#maxBatchSize = maxBatchSize;
    this.#heads = db.table('audit_streams');
    const records = db.table('audit_records');
    this.#insert = {
      lines: auditInsertStatement(records, this.#heads, 'lines'),
      json: auditInsertStatement(records, this.#heads, 'json'),
    };
  }

  /** Records handed over and not yet committed. */
  get uncommitted(): number {
    return this.#pending.length;
  }

  /** Whether an insert is under way. */
  get inserting(): boolean {
    return this.#inserting;
  }

  /** Sends again the records a failed insert left, if any, without waiting for them. */
  resume(): void {
    if (this.#pending.length > 0 && this.#ready) this.#run();
  }

  /** Chains `events` (those not seen before) and resolves once every one of them is committed. */
  async write(events: readonly AuditEvent[]): Promise<void> {
    if (!this.#ready) await this.#start();
    const upTo = this.#accept(events);
    if (upTo <= this.#committedSeq) return;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo, after: this.#attempts, resolve, reject });
      this.#run();
    });
  }

  /** Commits every record handed over so far; rejects with `AUDIT_WRITE_FAILED` if it cannot. */
  async flush(): Promise<void> {
    if (this.#acceptedSeq <= this.#committedSeq) return;
    const upTo = this.#acceptedSeq;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ upTo, after: this.#attempts, resolve, reject });
      this.#run();
    });
  }

  /** Serializes and chains the events not seen before; returns the last `seq` the write needs. */
  #accept(events: readonly AuditEvent[]): number {
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
      this.#sink,
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

  #failure(error: unknown): AuditError {
    if (error instanceof AuditError) return error;
    const failure = postgresFailure(error);
    return new AuditError(
      'AUDIT_WRITE_FAILED',
      this.#sink,
      `Could not write ${this.#pending.length} audit record(s) to PostgreSQL (schema ${this.#db.schema}): ${failure.summary}`,
      { cause: error, details: { kind: failure.kind, stream: this.stream, schema: this.#db.schema } },
    );
  }
}
