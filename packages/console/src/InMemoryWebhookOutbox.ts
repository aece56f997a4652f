import { EMPTY_OUTBOX, outboxDocument, type OutboxDocument } from './outboxDocument.js';
import type {
  NewOutboxDelivery,
  OutboxAttempt,
  OutboxDelivery,
  OutboxScan,
  WebhookOutboxStore,
} from './WebhookOutboxStore.js';

/**
 * A {@link WebhookOutboxStore} in memory: one process, and a restart forgets what was not delivered. The default
 * of a `WebhookNotifier` given no outbox; use `FileWebhookOutbox` or `PostgresWebhookOutbox` to keep notices.
 */
export class InMemoryWebhookOutbox implements WebhookOutboxStore {
  #doc: OutboxDocument = EMPTY_OUTBOX;

  scanState(): Promise<OutboxScan> {
    return Promise.resolve({ position: this.#doc.position, watching: this.#doc.watching });
  }

  saveScan(position: number, watch: readonly string[], unwatch: readonly string[]): Promise<void> {
    this.#doc = outboxDocument.saveScan(this.#doc, position, watch, unwatch);
    return Promise.resolve();
  }

  enqueue(deliveries: readonly NewOutboxDelivery[], nowMs: number): Promise<number> {
    const [doc, added] = outboxDocument.enqueue(this.#doc, deliveries, nowMs);
    this.#doc = doc;
    return Promise.resolve(added);
  }

  lease(owner: string, limit: number, nowMs: number, leaseMs: number): Promise<OutboxDelivery[]> {
    const [doc, leased] = outboxDocument.lease(this.#doc, owner, limit, nowMs, leaseMs);
    this.#doc = doc;
    return Promise.resolve(leased);
  }

  settle(key: string, owner: string, attempt: OutboxAttempt, nowMs: number): Promise<void> {
    this.#doc = outboxDocument.settle(this.#doc, key, owner, attempt, nowMs);
    return Promise.resolve();
  }

  nextDue(): Promise<number | undefined> {
    return Promise.resolve(outboxDocument.nextDue(this.#doc));
  }

  recent(limit: number): Promise<OutboxDelivery[]> {
    return Promise.resolve(outboxDocument.recent(this.#doc, limit));
  }
}
