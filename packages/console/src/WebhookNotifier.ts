import { randomUUID } from 'node:crypto';
import type { ApprovalRecord } from '@brane/approvals';
import { BraneError, describeValue } from '@brane/errors';
import type { ApprovalNotice, ApprovalNoticeType } from './ApprovalNotice.js';
import type { ConsoleApprovals } from './ConsoleApprovals.js';
import { InMemoryWebhookOutbox } from './InMemoryWebhookOutbox.js';
import { scanApprovals } from './scanApprovals.js';
import { SIGNATURE_HEADER, signWebhook } from './signWebhook.js';
import { webhookBody } from './webhookBody.js';
import type { OutboxDelivery, WebhookOutboxStore } from './WebhookOutboxStore.js';

/** The header that names a notice once across retries and consoles: `<approval id>:<event>`. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Options of a {@link WebhookNotifier}. */
export interface WebhookOptions {
  /** Where to POST: an `http:` or `https:` URL. */
  readonly url: string;
  /** The HMAC-SHA256 key the receiver checks signatures with: at least 16 characters. */
  readonly secret: string;
  /** The console's URL, for the link in each notice. */
  readonly consoleUrl: string;
  /** Where notices wait for delivery. Default in memory (lost at a restart): give a file or PostgreSQL outbox. */
  readonly outbox?: WebhookOutboxStore | undefined;
  /** Attempts per notice before it is marked failed. Default 8. */
  readonly attempts?: number | undefined;
  /** The first retry's delay; each next one doubles (±25% jitter), up to `maxBackoffMs`. Default 1,000 ms. */
  readonly backoffMs?: number | undefined;
  /** The longest delay between two attempts. Default 10 minutes. */
  readonly maxBackoffMs?: number | undefined;
  /** One attempt's deadline. Default 10,000 ms. */
  readonly timeoutMs?: number | undefined;
  /** How long a console holds a delivery it is sending; another console retries it only after. Default 60 s. */
  readonly leaseMs?: number | undefined;
  /** For tests. */
  readonly fetch?: typeof fetch | undefined;
  readonly now?: (() => number) | undefined;
}

/** One notice and how its delivery went, for the console's notifications page. */
export interface WebhookDelivery {
  /** `<approval id>:<event>`, also the `Idempotency-Key` header. */
  readonly id: string;
  readonly type: ApprovalNoticeType;
  readonly approvalId: string;
  readonly attempts: number;
  /** `delivering`: waiting for its first or next attempt. */
  readonly status: 'delivering' | 'delivered' | 'failed';
  /** The last failure: an HTTP status or a network error. */
  readonly lastError: string | undefined;
  /** When it was queued (ISO 8601). */
  readonly at: string;
  /** When it is next attempted, while `delivering` (ISO 8601). */
  readonly nextAttemptAt: string | undefined;
}

const LEASE_BATCH = 20;
const SHOWN_DELIVERIES = 200;

/**
 * The console's webhooks, delivered at least once from a durable outbox. A scan ({@link scan}) compares the
 * approval store with the last scan's position and queues `approval.requested`, `approval.decided`,
 * `approval.expired` (and `approval.withdrawn`) notices, once per approval and event, even for a request made
 * and decided between two scans, and even after a restart. Delivery ({@link deliverDue}) leases due notices, so
 * that two consoles sharing an outbox never send one at once, POSTs each as signed JSON (`x-brane-signature`,
 * see `signWebhook`) with an `Idempotency-Key` header, and retries failures with exponential backoff; a notice
 * that fails every attempt stays in the outbox, marked failed, and shows on the notifications page.
 */
export class WebhookNotifier {
  readonly #options: {
    readonly url: string;
    readonly secret: string;
    readonly consoleUrl: string;
    readonly attempts: number;
    readonly backoffMs: number;
    readonly maxBackoffMs: number;
    readonly timeoutMs: number;
    readonly leaseMs: number;
    readonly fetch: typeof fetch;
    readonly now: () => number;
  };
  /** The outbox the notices wait in. */
  readonly outbox: WebhookOutboxStore;
  /** Names this process's leases. */
  readonly #owner = randomUUID();
  #scanning: Promise<number> | undefined;
  #scanError: string | undefined;
  #delivering: Promise<number> | undefined;

  constructor(options: WebhookOptions) {
    const {
      url,
      secret,
      consoleUrl,
      attempts = 8,
      backoffMs = 1_000,
      maxBackoffMs = 600_000,
      timeoutMs = 10_000,
      leaseMs = 60_000,
    } = options;
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url))
      throw invalid('url', 'an http:// or https:// URL', url);
    if (typeof secret !== 'string' || secret.length < 16)
      throw invalid('secret', 'a string of at least 16 characters', '(hidden)');
    if (!Number.isSafeInteger(attempts) || attempts < 1 || attempts > 50)
      throw invalid('attempts', 'an integer from 1 to 50', attempts);
    for (const [name, value] of [
      ['backoffMs', backoffMs],
      ['maxBackoffMs', maxBackoffMs],
      ['timeoutMs', timeoutMs],
      ['leaseMs', leaseMs],
    ] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw invalid(name, 'a non-negative number', value);
    }
    if (leaseMs <= timeoutMs) throw invalid('leaseMs', 'longer than `timeoutMs`', leaseMs);
    this.#options = {
      url,
      secret,
      consoleUrl,
      attempts,
      backoffMs,
      maxBackoffMs,
      timeoutMs,
      leaseMs,
      fetch: options.fetch ?? fetch,
      now: options.now ?? Date.now,
    };
    this.outbox = options.outbox ?? new InMemoryWebhookOutbox();
  }

  /**
   * Compares `approvals` with the last scan and queues what happened since; resolves how many notices were new.
   * One scan at a time (a call during a scan joins it). `pending`: the pending records, if just read.
   */
  async scan(approvals: ConsoleApprovals, pending?: readonly ApprovalRecord[]): Promise<number> {
    this.#scanning ??= this.#scan(approvals, pending).finally(() => {
      this.#scanning = undefined;
    });
    return await this.#scanning;
  }

  /** Queues `notice` (once per approval and event), to be sent by the next {@link deliverDue}. */
  async notify(notice: ApprovalNotice): Promise<void> {
    await this.outbox.enqueue([this.#delivery(notice)], this.#options.now());
  }

  /**
   * Sends the notices due now, a leased batch at a time, until none is due; resolves how many were attempted.
   * One pass at a time (a call during a pass joins it).
   */
  async deliverDue(): Promise<number> {
    this.#delivering ??= this.#deliverDue().finally(() => {
      this.#delivering = undefined;
    });
    return await this.#delivering;
  }

  /** Delivers until no notice is pending, waiting out the backoff: for tests and for a clean stop. */
  async idle(): Promise<void> {
    for (;;) {
      await this.deliverDue();
      const next = await this.outbox.nextDue();
      if (next === undefined) return;
      await delay(Math.min(1_000, Math.max(1, next - this.#options.now())));
    }
  }

  /** When the next notice is due, or `undefined` when none is pending. */
  async nextDue(): Promise<number | undefined> {
    return await this.outbox.nextDue();
  }

  /** The latest notices, newest first, failures included. */
  async deliveries(): Promise<readonly WebhookDelivery[]> {
    return (await this.outbox.recent(SHOWN_DELIVERIES)).map((delivery) => ({
      id: delivery.key,
      type: delivery.event,
      approvalId: delivery.approvalId,
      attempts: delivery.attempts,
      status: delivery.status === 'pending' ? 'delivering' : delivery.status,
      lastError: delivery.lastError,
      at: new Date(delivery.createdAt).toISOString(),
      nextAttemptAt: delivery.status === 'pending' ? new Date(delivery.nextAttemptAt).toISOString() : undefined,
    }));
  }

  /** Why the last scan failed (the store or the outbox could not be read or written), or `undefined`. */
  get scanError(): string | undefined {
    return this.#scanError;
  }

  async #scan(approvals: ConsoleApprovals, pending: readonly ApprovalRecord[] | undefined): Promise<number> {
    try {
      const added = await this.#scanOnce(approvals, pending);
      this.#scanError = undefined;
      return added;
    } catch (error) {
      this.#scanError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  async #scanOnce(approvals: ConsoleApprovals, pending: readonly ApprovalRecord[] | undefined): Promise<number> {
    const started = this.#options.now();
    const state = await this.outbox.scanState();
    const found = await scanApprovals(approvals, state, started, pending);
    // Queued before the position moves: a crash in between scans the same records again, and queues nothing twice.
    const added = await this.outbox.enqueue(
      found.notices.map((notice) => this.#delivery(notice)),
      this.#options.now(),
    );
    await this.outbox.saveScan(found.position, found.watch, found.unwatch);
    return added;
  }

  #delivery(notice: ApprovalNotice): { key: string; approvalId: string; event: ApprovalNoticeType; body: string } {
    const key = `${notice.record.id}:${notice.type}`;
    return {
      key,
      approvalId: notice.record.id,
      event: notice.type,
      body: webhookBody(notice, this.#options.consoleUrl, key),
    };
  }

  async #deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const leased = await this.outbox.lease(this.#owner, LEASE_BATCH, this.#options.now(), this.#options.leaseMs);
      if (leased.length === 0) return attempted;
      attempted += leased.length;
      // One approval's notices in queue order (requested before decided); different approvals side by side.
      const byApproval = new Map<string, OutboxDelivery[]>();
      for (const delivery of leased)
        byApproval.set(delivery.approvalId, [...(byApproval.get(delivery.approvalId) ?? []), delivery]);
      await Promise.all(
        [...byApproval.values()].map(async (deliveries) => {
          for (const delivery of deliveries) await this.#attemptAndSettle(delivery);
        }),
      );
    }
  }

  async #attemptAndSettle(delivery: OutboxDelivery): Promise<void> {
    const error = await this.#attempt(delivery);
    const attempts = delivery.attempts + 1;
    const now = this.#options.now();
    const { backoffMs, maxBackoffMs } = this.#options;
    const wait = Math.min(maxBackoffMs, backoffMs * 2 ** (attempts - 1)) * (0.75 + Math.random() / 2);
    await this.outbox.settle(
      delivery.key,
      this.#owner,
      error === undefined
        ? { status: 'delivered', attempts, lastError: undefined, nextAttemptAt: now }
        : {
            status: attempts >= this.#options.attempts ? 'failed' : 'pending',
            attempts,
            lastError: error,
            nextAttemptAt: now + Math.round(wait),
          },
      now,
    );
  }

  /** One POST; `undefined` when the receiver answered 2xx, else what went wrong. */
  async #attempt(delivery: OutboxDelivery): Promise<string | undefined> {
    const signature = signWebhook(this.#options.secret, delivery.body, Math.floor(this.#options.now() / 1000));
    try {
      const response = await this.#options.fetch(this.#options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signature,
          [IDEMPOTENCY_HEADER]: delivery.key,
        },
        body: delivery.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Error ? ` (${cause.message})` : '';
      return error instanceof Error ? `${error.name}: ${error.message}${detail}` : String(error);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function invalid(name: string, expected: string, got: unknown): BraneError {
  return new BraneError(
    'INVALID_ARGUMENT',
    `WebhookNotifier: \`${name}\` must be ${expected} (got ${typeof got === 'string' && name === 'secret' ? got : describeValue(got)})`,
  );
}
