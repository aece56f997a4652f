import { consoleStoreCall } from './consoleStoreCall.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';

/** A webhook notice as `@brane/console`'s `WebhookOutboxStore` describes it. */
export interface PostgresOutboxDelivery {
  readonly key: string;
  readonly approvalId: string;
  readonly event: 'approval.requested' | 'approval.decided' | 'approval.expired' | 'approval.withdrawn';
  readonly body: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastError: string | undefined;
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  readonly updatedAt: number;
}

type Row = Record<string, unknown>;
const COLUMNS = 'key, approval_id, event, body, status, attempts, last_error, created_ms, next_attempt_ms, updated_ms';

/**
 * The console's webhook outbox on PostgreSQL (a `WebhookOutboxStore` of `@brane/console`; create the tables with
 * `migrate`): every console of a fleet sharing the database shares the outbox. A notice is one row keyed by
 * approval and event (`INSERT … ON CONFLICT DO NOTHING`), and a delivery is leased with `FOR UPDATE SKIP
 * LOCKED`, so two consoles never send the same notice at once, and a console that died mid-delivery leaves it to
 * the next one when its lease ends.
 *
 * @example
 * const outbox = new PostgresWebhookOutbox({ pool });
 * new WebhookNotifier({ url, secret, consoleUrl, outbox });
 */
export class PostgresWebhookOutbox {
  readonly #db: PostgresConnection;
  readonly #outbox: string;
  readonly #scan: string;
  readonly #watch: string;

  constructor(options: PostgresConnectionOptions) {
    this.#db = new PostgresConnection(options, 'PostgresWebhookOutbox');
    this.#outbox = this.#db.table('console_webhook_outbox');
    this.#scan = this.#db.table('console_webhook_scan');
    this.#watch = this.#db.table('console_webhook_watch');
  }

  /** Where the last scan started, and the approvals watched. */
  async scanState(): Promise<{ position: number | undefined; watching: string[] }> {
    return await this.#run('read the scan position', async () => {
      const [position, watching] = await Promise.all([
        this.#db.query<{ position_ms: string }>(`SELECT position_ms FROM ${this.#scan} WHERE id = 'scan'`),
        this.#db.query<{ approval_id: string }>(`SELECT approval_id FROM ${this.#watch}`),
      ]);
      const row = position.rows[0];
      return {
        position: row === undefined ? undefined : Number(row.position_ms),
        watching: watching.rows.map((watched) => watched.approval_id),
      };
    });
  }

  /** Saves a scan's position (never moving it back) and the watched approvals' changes. */
  async saveScan(position: number, watch: readonly string[], unwatch: readonly string[]): Promise<void> {
    await this.#run('save the scan position', async () => {
      if (watch.length > 0)
        await this.#db.query(
          `INSERT INTO ${this.#watch} (approval_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
          [watch],
        );
      if (unwatch.length > 0)
        await this.#db.query(`DELETE FROM ${this.#watch} WHERE approval_id = ANY($1::text[])`, [unwatch]);
      await this.#db.query(
        `INSERT INTO ${this.#scan} (id, position_ms) VALUES ('scan', $1)
         ON CONFLICT (id) DO UPDATE SET position_ms = GREATEST(${this.#scan}.position_ms, EXCLUDED.position_ms)`,
        [position],
      );
    });
  }

  /** Queues each notice whose key is new; resolves how many were. */
  async enqueue(
    deliveries: readonly Pick<PostgresOutboxDelivery, 'key' | 'approvalId' | 'event' | 'body'>[],
    nowMs: number,
  ): Promise<number> {
    if (deliveries.length === 0) return 0;
    return await this.#run('queue webhook notices', async () => {
      const result = await this.#db.query(
        `INSERT INTO ${this.#outbox} (key, approval_id, event, body, created_ms, next_attempt_ms, updated_ms)
         SELECT k, a, e, b, $5, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS n(k, a, e, b)
         ON CONFLICT (key) DO NOTHING`,
        [
          deliveries.map((delivery) => delivery.key),
          deliveries.map((delivery) => delivery.approvalId),
          deliveries.map((delivery) => delivery.event),
          deliveries.map((delivery) => delivery.body),
          nowMs,
        ],
      );
      return result.rowCount ?? 0;
    });
  }

  /** Leases up to `limit` due notices for `owner`: rows another console is leasing are skipped, never waited for. */
  async lease(owner: string, limit: number, nowMs: number, leaseMs: number): Promise<PostgresOutboxDelivery[]> {
    return await this.#run('lease webhook notices', async () => {
      const { rows } = await this.#db.query(
        `WITH due AS (
           SELECT key FROM ${this.#outbox}
           WHERE status = 'pending' AND next_attempt_ms <= $2 AND (lease_until_ms IS NULL OR lease_until_ms <= $2)
           ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE ${this.#outbox} o SET lease_owner = $1, lease_until_ms = $2 + $4
         FROM due WHERE o.key = due.key
         RETURNING o.seq, ${COLUMNS.split(', ')
           .map((column) => `o.${column}`)
           .join(', ')}`,
        [owner, nowMs, limit, leaseMs],
      );
      return rows.sort((a, b) => Number(a['seq']) - Number(b['seq'])).map(delivery);
    });
  }

  /** Records an attempt and ends the lease, if `owner` still holds it. */
  async settle(
    key: string,
    owner: string,
    attempt: Pick<PostgresOutboxDelivery, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt'>,
    nowMs: number,
  ): Promise<void> {
    await this.#run('record a webhook attempt', async () => {
      await this.#db.query(
        `UPDATE ${this.#outbox} SET status = $3, attempts = $4, last_error = $5, next_attempt_ms = $6, updated_ms = $7,
           lease_owner = NULL, lease_until_ms = NULL
         WHERE key = $1 AND lease_owner = $2`,
        [key, owner, attempt.status, attempt.attempts, attempt.lastError ?? null, attempt.nextAttemptAt, nowMs],
      );
    });
  }

  /** When the next pending notice is due (its lease's end, if leased), or `undefined`. */
  async nextDue(): Promise<number | undefined> {
    return await this.#run('read the webhook outbox', async () => {
      const { rows } = await this.#db.query<{ due: string | null }>(
        `SELECT min(GREATEST(next_attempt_ms, coalesce(lease_until_ms, 0))) AS due FROM ${this.#outbox} WHERE status = 'pending'`,
      );
      const due = rows[0]?.due;
      return due === null || due === undefined ? undefined : Number(due);
    });
  }

  /** The latest notices, newest first. */
  async recent(limit: number): Promise<PostgresOutboxDelivery[]> {
    return await this.#run('read the webhook outbox', async () => {
      const { rows } = await this.#db.query(`SELECT ${COLUMNS} FROM ${this.#outbox} ORDER BY seq DESC LIMIT $1`, [
        limit,
      ]);
      return rows.map(delivery);
    });
  }

  /** Ends the pool if the outbox opened it; a pool it was given stays open. */
  close(): Promise<void> {
    return this.#db.close();
  }

  #run<T>(what: string, body: () => Promise<T>): Promise<T> {
    return consoleStoreCall('PostgresWebhookOutbox', what, body);
  }
}

function delivery(row: Row): PostgresOutboxDelivery {
  return {
    key: String(row['key']),
    approvalId: String(row['approval_id']),
    event: String(row['event']) as PostgresOutboxDelivery['event'],
    body: String(row['body']),
    status: String(row['status']) as PostgresOutboxDelivery['status'],
    attempts: Number(row['attempts']),
    lastError: row['last_error'] === null ? undefined : (row['last_error'] as string),
    createdAt: Number(row['created_ms']),
    nextAttemptAt: Number(row['next_attempt_ms']),
    updatedAt: Number(row['updated_ms']),
  };
}
