import type { ApprovalNoticeType } from './ApprovalNotice.js';

/** One webhook notice in the outbox: what is sent, and how its delivery went so far. */
export interface OutboxDelivery {
  /** `<approval id>:<event>`: one delivery per approval and event, sent as the `Idempotency-Key` header. */
  readonly key: string;
  readonly approvalId: string;
  readonly event: ApprovalNoticeType;
  /** The JSON body, fixed when the notice was queued: every attempt sends the same bytes. */
  readonly body: string;
  /** `pending`: to be (re)tried at `nextAttemptAt`. `delivered`: a 2xx answer. `failed`: every attempt failed. */
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  /** The last failure: an HTTP status or a network error. */
  readonly lastError: string | undefined;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  readonly updatedAt: number;
}

/** A notice to queue. */
export type NewOutboxDelivery = Pick<OutboxDelivery, 'key' | 'approvalId' | 'event' | 'body'>;

/** Where the last scan of the approvals stopped, and the approvals it saw pending (their end is still to announce). */
export interface OutboxScan {
  /** Where the next scan starts reading requests (`requestedAt`, epoch milliseconds); `undefined` before the first. */
  readonly position: number | undefined;
  readonly watching: readonly string[];
}

/** How one attempt ended, as the deliverer records it. */
export interface OutboxAttempt {
  readonly status: OutboxDelivery['status'];
  readonly attempts: number;
  readonly lastError: string | undefined;
  readonly nextAttemptAt: number;
}

/**
 * Where the console keeps its webhook notices until they are delivered: queued by (approval id, event) so that a
 * notice is queued once however many scans or consoles see it, with the scan position, so a restart resumes
 * where the last scan stopped, and a lease on each delivery under way, so two consoles never send it at once.
 * Ships in memory (`InMemoryWebhookOutbox`), in a file (`FileWebhookOutbox`) and on PostgreSQL
 * (`PostgresWebhookOutbox` of `@brane/postgres`).
 */
export interface WebhookOutboxStore {
  /** The scan position and the approvals watched. */
  scanState(): Promise<OutboxScan>;
  /** Saves the position of a scan that ended (after its notices were queued), and the watched approvals' changes. */
  saveScan(position: number, watch: readonly string[], unwatch: readonly string[]): Promise<void>;
  /** Queues each delivery whose key is not queued yet (whatever its status); resolves how many were new. */
  enqueue(deliveries: readonly NewOutboxDelivery[], nowMs: number): Promise<number>;
  /** Claims up to `limit` pending deliveries due at `nowMs` and not leased, for `owner`, until `nowMs + leaseMs`. */
  lease(owner: string, limit: number, nowMs: number, leaseMs: number): Promise<OutboxDelivery[]>;
  /** Records an attempt and ends the lease; ignored when `owner` no longer holds it (it expired, another took it). */
  settle(key: string, owner: string, attempt: OutboxAttempt, nowMs: number): Promise<void>;
  /** When the next pending delivery is due, or `undefined` when none is pending. */
  nextDue(): Promise<number | undefined>;
  /** The latest deliveries (pending ones included), newest first. */
  recent(limit: number): Promise<OutboxDelivery[]>;
}
