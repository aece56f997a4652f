import type { NewOutboxDelivery, OutboxAttempt, OutboxDelivery } from './WebhookOutboxStore.js';

/** A delivery and its lease, as the in-memory and file outboxes keep it. @internal */
export interface StoredDelivery extends OutboxDelivery {
  readonly leaseOwner?: string | undefined;
  readonly leaseUntil?: number | undefined;
}

/** The whole outbox of the in-memory and file stores. @internal */
export interface OutboxDocument {
  readonly version: 1;
  readonly position: number | undefined;
  readonly watching: readonly string[];
  /** In queue order. */
  readonly deliveries: readonly StoredDelivery[];
}

/** Settled deliveries are kept (their keys stop a re-queue) at least this long, and the newest `KEEP_SETTLED`. */
const KEEP_SETTLED_MS = 24 * 3_600_000;
const KEEP_SETTLED = 1_000;

/** An empty outbox. @internal */
export const EMPTY_OUTBOX: OutboxDocument = { version: 1, position: undefined, watching: [], deliveries: [] };

/** The operations of the in-memory and file outboxes, on a document. @internal */
export const outboxDocument = {
  saveScan(
    doc: OutboxDocument,
    position: number,
    watch: readonly string[],
    unwatch: readonly string[],
  ): OutboxDocument {
    const watching = new Set(doc.watching);
    for (const id of watch) watching.add(id);
    for (const id of unwatch) watching.delete(id);
    return { ...doc, position: Math.max(position, doc.position ?? -Infinity), watching: [...watching] };
  },

  enqueue(doc: OutboxDocument, news: readonly NewOutboxDelivery[], nowMs: number): [OutboxDocument, number] {
    const keys = new Set(doc.deliveries.map((delivery) => delivery.key));
    const added: StoredDelivery[] = [];
    for (const { key, approvalId, event, body } of news) {
      if (keys.has(key)) continue;
      keys.add(key);
      added.push({
        key,
        approvalId,
        event,
        body,
        status: 'pending',
        attempts: 0,
        lastError: undefined,
        createdAt: nowMs,
        nextAttemptAt: nowMs,
        updatedAt: nowMs,
      });
    }
    return [prune({ ...doc, deliveries: [...doc.deliveries, ...added] }, nowMs), added.length];
  },

  lease(
    doc: OutboxDocument,
    owner: string,
    limit: number,
    nowMs: number,
    leaseMs: number,
  ): [OutboxDocument, OutboxDelivery[]] {
    const leased: OutboxDelivery[] = [];
    const deliveries = doc.deliveries.map((delivery) => {
      if (
        leased.length >= limit ||
        delivery.status !== 'pending' ||
        delivery.nextAttemptAt > nowMs ||
        (delivery.leaseUntil !== undefined && delivery.leaseUntil > nowMs)
      )
        return delivery;
      leased.push(plain(delivery));
      return { ...delivery, leaseOwner: owner, leaseUntil: nowMs + leaseMs };
    });
    return [{ ...doc, deliveries }, leased];
  },

  settle(doc: OutboxDocument, key: string, owner: string, attempt: OutboxAttempt, nowMs: number): OutboxDocument {
    return {
      ...doc,
      deliveries: doc.deliveries.map((delivery) =>
        delivery.key === key && delivery.leaseOwner === owner
          ? { ...delivery, ...attempt, updatedAt: nowMs, leaseOwner: undefined, leaseUntil: undefined }
          : delivery,
      ),
    };
  },

  nextDue(doc: OutboxDocument): number | undefined {
    let next: number | undefined;
    for (const delivery of doc.deliveries) {
      if (delivery.status !== 'pending') continue;
      const due = Math.max(delivery.nextAttemptAt, delivery.leaseUntil ?? -Infinity);
      if (next === undefined || due < next) next = due;
    }
    return next;
  },

  recent(doc: OutboxDocument, limit: number): OutboxDelivery[] {
    return doc.deliveries.slice(-limit).reverse().map(plain);
  },
};

/** The delivery without its lease. */
function plain(delivery: StoredDelivery): OutboxDelivery {
  const { key, approvalId, event, body, status, attempts, lastError, createdAt, nextAttemptAt, updatedAt } = delivery;
  return { key, approvalId, event, body, status, attempts, lastError, createdAt, nextAttemptAt, updatedAt };
}

/** Forgets settled deliveries past both bounds: older than a day, and not among the newest `KEEP_SETTLED`. */
function prune(doc: OutboxDocument, nowMs: number): OutboxDocument {
  const settled = doc.deliveries.filter((delivery) => delivery.status !== 'pending').length;
  if (settled <= KEEP_SETTLED) return doc;
  let excess = settled - KEEP_SETTLED;
  const deliveries = doc.deliveries.filter((delivery) => {
    if (excess > 0 && delivery.status !== 'pending' && delivery.updatedAt < nowMs - KEEP_SETTLED_MS) {
      excess -= 1;
      return false;
    }
    return true;
  });
  return { ...doc, deliveries };
}
