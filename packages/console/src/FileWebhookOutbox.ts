import * as path from 'node:path';
import { LockedJsonFile } from './LockedJsonFile.js';
import { EMPTY_OUTBOX, outboxDocument, type OutboxDocument } from './outboxDocument.js';
import type {
  NewOutboxDelivery,
  OutboxAttempt,
  OutboxDelivery,
  OutboxScan,
  WebhookOutboxStore,
} from './WebhookOutboxStore.js';

/**
 * A {@link WebhookOutboxStore} in `<directory>/webhooks.json` (the console's directory by default): notices
 * survive a restart, and every change holds an inter-process lock, so consoles on one machine share the outbox
 * and a delivery's lease.
 *
 * @example
 * new WebhookNotifier({ url, secret, consoleUrl, outbox: new FileWebhookOutbox('.brane/console') });
 */
export class FileWebhookOutbox implements WebhookOutboxStore {
  readonly #file: LockedJsonFile<OutboxDocument>;

  constructor(directory: string) {
    this.#file = new LockedJsonFile(path.join(directory, 'webhooks.json'), EMPTY_OUTBOX, isOutbox);
  }

  /** The absolute path of the outbox file. */
  get file(): string {
    return this.#file.file;
  }

  async scanState(): Promise<OutboxScan> {
    const doc = await this.#file.read();
    return { position: doc.position, watching: doc.watching };
  }

  async saveScan(position: number, watch: readonly string[], unwatch: readonly string[]): Promise<void> {
    await this.#file.change((doc) => [outboxDocument.saveScan(doc, position, watch, unwatch), undefined]);
  }

  async enqueue(deliveries: readonly NewOutboxDelivery[], nowMs: number): Promise<number> {
    if (deliveries.length === 0) return 0;
    return await this.#file.change((doc) => outboxDocument.enqueue(doc, deliveries, nowMs));
  }

  async lease(owner: string, limit: number, nowMs: number, leaseMs: number): Promise<OutboxDelivery[]> {
    if (outboxDocument.nextDue(await this.#file.read()) === undefined) return []; // nothing pending: no lock
    return await this.#file.change((doc) => {
      const [next, leased] = outboxDocument.lease(doc, owner, limit, nowMs, leaseMs);
      return [leased.length === 0 ? doc : next, leased];
    });
  }

  async settle(key: string, owner: string, attempt: OutboxAttempt, nowMs: number): Promise<void> {
    await this.#file.change((doc) => [outboxDocument.settle(doc, key, owner, attempt, nowMs), undefined]);
  }

  async nextDue(): Promise<number | undefined> {
    return outboxDocument.nextDue(await this.#file.read());
  }

  async recent(limit: number): Promise<OutboxDelivery[]> {
    return outboxDocument.recent(await this.#file.read(), limit);
  }
}

function isOutbox(value: unknown): value is OutboxDocument {
  const doc = value as Partial<OutboxDocument> | null;
  return (
    doc?.version === 1 &&
    Array.isArray(doc.watching) &&
    Array.isArray(doc.deliveries) &&
    doc.deliveries.every(
      (delivery: Partial<OutboxDelivery> | null) =>
        typeof delivery?.key === 'string' && typeof delivery.body === 'string' && typeof delivery.status === 'string',
    )
  );
}
