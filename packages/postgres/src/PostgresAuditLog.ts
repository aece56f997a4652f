import type { AuditEvent, AuditStats } from '@brane/audit';
import { AuditError, BraneError, describeValue } from '@brane/errors';
import { auditFilterSql, type PostgresAuditFilter } from './auditFilterSql.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import { postgresFailure } from './postgresFailure.js';
import { verifyAuditStream, type PostgresAuditVerification } from './verifyAuditStream.js';

/** Options of a {@link PostgresAuditLog}: where the tables are (see `PostgresConnectionOptions`). */
export type PostgresAuditLogOptions = PostgresConnectionOptions;

/** A {@link PostgresAuditLog.page} query: a filter, a page size and where the page starts. */
export interface PostgresAuditQuery extends PostgresAuditFilter {
  /** At most this many events (a positive integer, at most 10,000). Default 1,000. */
  readonly limit?: number | undefined;
  /** The `cursor` of the page before; omit for the first page. */
  readonly cursor?: string | undefined;
}

/** One page of events, in time order, and the cursor of the next (`undefined` after the last). */
export interface PostgresAuditPage {
  readonly events: AuditEvent[];
  readonly cursor: string | undefined;
}

interface EventRow {
  readonly time: Date;
  readonly stream: string;
  readonly seq: string;
  readonly event_json: string;
}

const MAX_PAGE = 10_000;
const ORDER = 'time, stream, seq';

/**
 * Reads the audit trail a fleet's {@link PostgresAuditSink}s write: queries in time order with the filters of
 * `brane audit query` (served by the table's indexes), pages with a cursor, the last events, counts, and the
 * verification of every stream's hash chain. What `brane audit … --store postgres://…` runs.
 *
 * A bad filter throws a `BraneError` `INVALID_ARGUMENT`; a failure of PostgreSQL rejects with an `AuditError`
 * `AUDIT_READ_FAILED` naming its kind (`details.kind`), with the driver's error as `cause`.
 *
 * @example
 * const log = new PostgresAuditLog({ pool });
 * const denied = await log.query({ tenantId: 'acme', outcome: 'denied', since: '2026-01-01' });
 * const streams = await log.verify(); // one verification per writer stream
 */
export class PostgresAuditLog {
  readonly #db: PostgresConnection;
  readonly #records: string;

  constructor(options: PostgresAuditLogOptions) {
    this.#db = new PostgresConnection(options, 'PostgresAuditLog');
    this.#records = this.#db.table('audit_records');
  }

  /** The schema of the tables. */
  get schema(): string {
    return this.#db.schema;
  }

  /** One page of the events matching `query`, oldest first. */
  async page(query: PostgresAuditQuery = {}): Promise<PostgresAuditPage> {
    const limit = query?.limit ?? 1_000;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `PostgresAuditLog.page: \`limit\` must be an integer from 1 to ${MAX_PAGE} (got ${describeValue(limit)})`,
      );
    }
    const { where, values } = auditFilterSql(query, 'PostgresAuditLog.page', ['limit', 'cursor']);
    const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
    const from =
      after === undefined
        ? ''
        : ` AND (${ORDER}) > ($${values.push(after[0])}::timestamptz, $${values.push(after[1])}, $${values.push(after[2])}::bigint)`;
    const { rows } = await this.#query<EventRow>(
      `SELECT time, stream, seq, event_json FROM ${this.#records} WHERE ${where}${from} ORDER BY ${ORDER} LIMIT ${limit + 1}`,
      values,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const cursor =
      rows.length > limit && last !== undefined
        ? Buffer.from(JSON.stringify([last.time.toISOString(), last.stream, last.seq])).toString('base64url')
        : undefined;
    return { events: page.map((row) => JSON.parse(row.event_json) as AuditEvent), cursor };
  }

  /** Every event matching `filter`, oldest first, read a page at a time. */
  async *events(filter: PostgresAuditFilter = {}): AsyncIterable<AuditEvent> {
    let cursor: string | undefined;
    do {
      const page = await this.page({ ...filter, limit: 1_000, cursor });
      yield* page.events;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  /** The events matching `query`, oldest first: the first `limit` (all without it). */
  async query(query: PostgresAuditFilter & { readonly limit?: number | undefined } = {}): Promise<AuditEvent[]> {
    const { limit, ...filter } = query ?? {};
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `PostgresAuditLog.query: \`limit\` must be a positive integer (got ${describeValue(limit)})`,
      );
    }
    if (limit !== undefined && limit <= MAX_PAGE) return (await this.page({ ...filter, limit })).events;
    const events: AuditEvent[] = [];
    for await (const event of this.events(filter)) {
      if (events.push(event) >= (limit ?? Infinity)) break;
    }
    return events;
  }

  /** The last `count` events matching `filter`, oldest first. */
  async tail(count: number, filter: PostgresAuditFilter = {}): Promise<AuditEvent[]> {
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_PAGE) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `PostgresAuditLog.tail: \`count\` must be an integer from 1 to ${MAX_PAGE} (got ${describeValue(count)})`,
      );
    }
    const { where, values } = auditFilterSql(filter, 'PostgresAuditLog.tail');
    const { rows } = await this.#query<EventRow>(
      `SELECT event_json FROM ${this.#records} WHERE ${where} ORDER BY time DESC, stream DESC, seq DESC LIMIT ${count}`,
      values,
    );
    return rows.reverse().map((row) => JSON.parse(row.event_json) as AuditEvent);
  }

  /** Counts the events matching `filter` as `auditStats` counts a JSONL log: by type, by outcome, actions by capability. */
  async stats(filter: PostgresAuditFilter = {}): Promise<AuditStats> {
    const { where, values } = auditFilterSql(filter, 'PostgresAuditLog.stats');
    const [groups, steps] = await Promise.all([
      this.#query<{ type: string; outcome: string | null; phase: string | null; capability: string | null; n: string }>(
        `SELECT type, outcome, phase, capability, count(*) AS n FROM ${this.#records} WHERE ${where}
         GROUP BY type, outcome, phase, capability`,
        values,
      ),
      // Version 1 events: an action is its distinct action id.
      this.#query<{ capability: string | null; n: string }>(
        `SELECT capability, count(DISTINCT action_id) AS n FROM ${this.#records}
         WHERE ${where} AND type <> 'action' AND type NOT LIKE 'approval.%' GROUP BY capability`,
        values,
      ),
    ]);
    const byType: Record<string, number> = {};
    const byOutcome: Record<string, number> = {};
    const byCapability: Record<string, number> = {};
    const add = (counts: Record<string, number>, key: string, n: number): void => {
      counts[key] = (counts[key] ?? 0) + n;
    };
    let events = 0;
    let actions = 0;
    for (const group of groups.rows) {
      const n = Number(group.n);
      events += n;
      add(byType, group.type, n);
      if (group.type === 'action.completed' || (group.type === 'action' && group.outcome !== null)) {
        add(byOutcome, group.outcome ?? 'unknown', n);
      }
      if (group.type === 'action' && group.phase !== 'decided') {
        actions += n;
        add(byCapability, group.capability ?? 'unknown', n);
      }
    }
    for (const step of steps.rows) {
      actions += Number(step.n);
      add(byCapability, step.capability ?? 'unknown', Number(step.n));
    }
    return { events, actions, byType, byOutcome, byCapability };
  }

  /**
   * Verifies every stream (or only `stream`): each whole and unaltered, as `verifyAuditLog` checks a JSONL log. A
   * stream with records but no head, or a head with no records, is reported too.
   */
  async verify(options: { readonly stream?: string | undefined } = {}): Promise<PostgresAuditVerification[]> {
    const only = options?.stream;
    if (only !== undefined && typeof only !== 'string') {
      throw new BraneError('INVALID_ARGUMENT', `PostgresAuditLog.verify: \`stream\` must be a string`);
    }
    const heads = await this.#query<{ stream: string; seq: string; hash: string }>(
      `SELECT stream, seq, hash FROM ${this.#db.table('audit_streams')} WHERE $1::text IS NULL OR stream = $1 ORDER BY stream`,
      [only ?? null],
    );
    // Streams with records: a loose index scan of the primary key, one step per stream.
    const withRecords = await this.#query<{ stream: string }>(
      `WITH RECURSIVE s AS (
         SELECT min(stream) AS stream FROM ${this.#records} WHERE $1::text IS NULL OR stream = $1
         UNION ALL
         SELECT (SELECT min(stream) FROM ${this.#records} WHERE stream > s.stream AND ($1::text IS NULL OR stream = $1))
         FROM s WHERE s.stream IS NOT NULL
       ) SELECT stream FROM s WHERE stream IS NOT NULL`,
      [only ?? null],
    );
    const headOf = new Map(heads.rows.map((row) => [row.stream, { seq: Number(row.seq), hash: row.hash }]));
    const streams = [...new Set([...headOf.keys(), ...withRecords.rows.map((row) => row.stream)])].sort();
    const results: PostgresAuditVerification[] = [];
    for (const stream of streams) {
      try {
        results.push(await verifyAuditStream(this.#db, stream, headOf.get(stream)));
      } catch (error) {
        throw this.#failure(error);
      }
    }
    return results;
  }

  /** Closes the pool if the log opened it. */
  close(): Promise<void> {
    return this.#db.close();
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the row type of the caller's statement
  async #query<Row extends object>(text: string, values: unknown[]): Promise<{ rows: Row[] }> {
    try {
      return await this.#db.query<Row>(text, values);
    } catch (error) {
      throw this.#failure(error);
    }
  }

  #failure(error: unknown): AuditError {
    if (error instanceof AuditError) return error;
    const failure = postgresFailure(error);
    return new AuditError(
      'AUDIT_READ_FAILED',
      'postgres',
      `Could not read the audit trail in PostgreSQL (schema ${this.#db.schema}): ${failure.summary}`,
      { cause: error, details: { kind: failure.kind, schema: this.#db.schema } },
    );
  }
}

function parseCursor(cursor: unknown): [string, string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor as string, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      typeof value[2] === 'string' &&
      /^[0-9]{1,18}$/.test(value[2])
    ) {
      return value as [string, string, string];
    }
  } catch {
    // reported below
  }
  throw new BraneError(
    'INVALID_ARGUMENT',
    `PostgresAuditLog.page: \`cursor\` is not a cursor of this log (got ${describeValue(cursor)})`,
  );
}
