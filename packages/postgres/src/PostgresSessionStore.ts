import { BraneError } from '@brane/errors';
import {
  SessionState,
  checkSessionId,
  parseSessionLimits,
  type SessionLimits,
  type SessionRecord,
  type SessionStateJSON,
  type SessionStore,
} from '@brane/sessions';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import type { PostgresPoolClient } from './PostgresPool.js';
import { postgresFailure } from './postgresFailure.js';

/** Options of a {@link PostgresSessionStore}: where its tables are, the session limits, and the clock (tests). */
export type PostgresSessionStoreOptions = PostgresConnectionOptions &
  Partial<SessionLimits> & { readonly now?: (() => number) | undefined };

const CONNECTION_KEYS = ['pool', 'connectionString', 'maxConnections', 'schema', 'timeoutMs'] as const;

/**
 * A {@link SessionStore} on PostgreSQL, for a fleet: every process that opens the same database and schema
 * shares the sessions (create the tables with `migrate`). Asynchronous: a runtime using it refuses synchronous
 * capabilities, and needs `sessions.secret` (the same in every process). Each append is one transaction that
 * locks the session's row, so concurrent appends from any number of processes are each applied once. A load
 * reads the session's row and only the fingerprints of the call's arguments.
 *
 * Failures reject with a `BraneError` `SESSION_STORE_FAILED` naming what happened (`details.kind`), the driver's
 * error as `cause`; the runtime then denies the call (fail closed).
 *
 * @example
 * const sessions = new PostgresSessionStore({ pool }); // your pg.Pool
 * await migrate(pool);
 * const runtime = new Runtime({ sessions: { store: sessions, secret: process.env.BRANE_SESSION_SECRET } });
 */
export class PostgresSessionStore implements SessionStore {
  readonly synchronous = false;
  readonly limits: SessionLimits;
  readonly #db: PostgresConnection;
  readonly #sessions: string;
  readonly #fingerprints: string;
  readonly #now: () => number;

  constructor(options: PostgresSessionStoreOptions) {
    const connection: Record<string, unknown> = {};
    const { now = Date.now, ...rest } = options;
    const limits: Partial<Record<keyof SessionLimits, unknown>> = {};
    for (const [key, value] of Object.entries(rest)) {
      if ((CONNECTION_KEYS as readonly string[]).includes(key)) connection[key] = value;
      else (limits as Record<string, unknown>)[key] = value;
    }
    this.limits = parseSessionLimits(limits as Partial<SessionLimits>, 'new PostgresSessionStore');
    this.#db = new PostgresConnection(connection, 'PostgresSessionStore');
    this.#sessions = this.#db.table('sessions');
    this.#fingerprints = this.#db.table('session_fingerprints');
    this.#now = now;
  }

  async load(sessionId: string, fingerprints?: ReadonlySet<string>): Promise<SessionState | undefined> {
    checkSessionId(sessionId, 'PostgresSessionStore.load');
    try {
      const { rows } = await this.#db.query<{ state: SessionStateJSON; updated_ms: string }>(
        `SELECT state, updated_ms FROM ${this.#sessions} WHERE id = $1`,
        [sessionId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const state = SessionState.fromJSON(row.state);
      if (state.expired(this.#now(), this.limits.ttlMs)) return undefined;
      if (fingerprints !== undefined && fingerprints.size > 0) {
        const found = await this.#db.query<{ fingerprint: string; labels: string[] }>(
          `SELECT fingerprint, labels FROM ${this.#fingerprints} WHERE session_id = $1 AND fingerprint = ANY($2::text[])`,
          [sessionId, [...fingerprints]],
        );
        for (const { fingerprint, labels } of found.rows) state.fingerprints.set(fingerprint, Object.freeze(labels));
      }
      return state;
    } catch (error) {
      throw this.#failed(`read session ${sessionId}`, error);
    }
  }

  async append(sessionId: string, record: SessionRecord): Promise<void> {
    checkSessionId(sessionId, 'PostgresSessionStore.append');
    let client: PostgresPoolClient | undefined;
    try {
      client = await this.#db.pool.connect();
      await this.#append(client, sessionId, record);
      client.release();
    } catch (error) {
      if (client !== undefined) {
        await client.query({ text: 'ROLLBACK' }).catch(() => undefined);
        client.release(true);
      }
      throw this.#failed(`record an action of session ${sessionId}`, error);
    }
  }

  async #append(client: PostgresPoolClient, sessionId: string, record: SessionRecord): Promise<void> {
    const q = (text: string, values: unknown[] = []) =>
      client.query({ text, values, query_timeout: this.#db.timeoutMs });
    const now = this.#now();
    await q('BEGIN');
    await q(`INSERT INTO ${this.#sessions} (id, state, updated_ms) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
      sessionId,
      JSON.stringify(new SessionState(now).toJSON()),
      now,
    ]);
    const { rows } = await q(`SELECT state, fingerprint_seq FROM ${this.#sessions} WHERE id = $1 FOR UPDATE`, [
      sessionId,
    ]);
    const row = rows[0] as { state: SessionStateJSON; fingerprint_seq: string };
    let state = SessionState.fromJSON(row.state);
    let seq = Number(row.fingerprint_seq);
    if (state.expired(now, this.limits.ttlMs)) {
      await q(`DELETE FROM ${this.#fingerprints} WHERE session_id = $1`, [sessionId]);
      state = new SessionState(now);
    }
    state.record({ entry: record.entry, fingerprints: [] }, this.limits, now);
    const { fingerprints } = record;
    if (record.entry.outcome === 'succeeded' && fingerprints.length > 0) {
      // Each new fingerprint takes the next number; one seen before keeps its place and gains the labels.
      await q(
        `INSERT INTO ${this.#fingerprints} (session_id, fingerprint, labels, seq)
         SELECT $1, f.fingerprint, $3::text[], $4 + f.n FROM unnest($2::text[]) WITH ORDINALITY AS f(fingerprint, n)
         ON CONFLICT (session_id, fingerprint) DO UPDATE SET labels =
           ARRAY(SELECT DISTINCT l FROM unnest(${this.#fingerprints}.labels || EXCLUDED.labels) AS l ORDER BY l)`,
        [sessionId, fingerprints, record.entry.labels, seq],
      );
      seq += fingerprints.length;
      const dropped = await q(
        `DELETE FROM ${this.#fingerprints} WHERE session_id = $1 AND seq < (
           SELECT seq FROM ${this.#fingerprints} WHERE session_id = $1 ORDER BY seq DESC OFFSET $2::int - 1 LIMIT 1)`,
        [sessionId, this.limits.maxFingerprints],
      );
      state.droppedFingerprints += dropped.rowCount ?? 0;
    }
    await q(`UPDATE ${this.#sessions} SET state = $2, updated_ms = $3, fingerprint_seq = $4 WHERE id = $1`, [
      sessionId,
      JSON.stringify(state.toJSON()),
      now,
      seq,
    ]);
    await q('COMMIT');
  }

  /** Ends the pool if the store opened it; a pool it was given stays open. */
  close(): Promise<void> {
    return this.#db.close();
  }

  #failed(what: string, error: unknown): BraneError {
    const failure = postgresFailure(error);
    return new BraneError('SESSION_STORE_FAILED', `PostgresSessionStore could not ${what}: ${failure.summary}`, {
      cause: error,
      details: { kind: failure.kind },
    });
  }
}
