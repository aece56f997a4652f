import { randomUUID } from 'node:crypto';
import { BraneError, describeValue } from '@brane/errors';
import type { ApprovalNotice } from './ApprovalNotice.js';
import { SIGNATURE_HEADER, signWebhook } from './signWebhook.js';
import { webhookBody } from './webhookBody.js';

/** Options of a {@link WebhookNotifier}. */
export interface WebhookOptions {
  /** Where to POST: an `http:` or `https:` URL. */
  readonly url: string;
  /** The HMAC-SHA256 key shared with the receiver: at least 16 characters. */
  readonly secret: string;
  /** The console's base URL, for links in the messages. */
  readonly consoleUrl: string;
  /** Attempts per delivery, the first included. Default 5. */
  readonly attempts?: number | undefined;
  /** The wait before the first retry; each next one waits twice as long (with jitter). Default 500 ms. */
  readonly backoffMs?: number | undefined;
  /** How long one attempt may take. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
}

/** What became of one delivery, kept for the console's notifications page. */
export interface WebhookDelivery {
  readonly id: string;
  readonly type: string;
  readonly approvalId: string;
  readonly attempts: number;
  readonly status: 'delivering' | 'delivered' | 'failed';
  /** The last failure: an HTTP status or a network error. */
  readonly lastError: string | undefined;
  readonly at: string;
}

const KEPT_DELIVERIES = 200;

/**
 * Sends each {@link ApprovalNotice} as a signed JSON POST (header `x-brane-signature: t=…,v1=…`, see
 * `signWebhook`), retrying a network error or a non-2xx answer with exponential backoff. It never blocks or fails
 * a decision: deliveries run in the background, and their outcomes (failures included) are kept for the console.
 */
export class WebhookNotifier {
  readonly #options: {
    readonly url: string;
    readonly secret: string;
    readonly consoleUrl: string;
    readonly attempts: number;
    readonly backoffMs: number;
    readonly timeoutMs: number;
    readonly fetch: typeof fetch;
  };
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #running = new Set<Promise<void>>();

  constructor(options: WebhookOptions) {
    const { url, secret, consoleUrl, attempts = 5, backoffMs = 500, timeoutMs = 10_000 } = options;
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url))
      throw invalid('url', 'an http:// or https:// URL', url);
    if (typeof secret !== 'string' || secret.length < 16)
      throw invalid('secret', 'a string of at least 16 characters', '(hidden)');
    if (!Number.isSafeInteger(attempts) || attempts < 1 || attempts > 20)
      throw invalid('attempts', 'an integer from 1 to 20', attempts);
    for (const [name, value] of [
      ['backoffMs', backoffMs],
      ['timeoutMs', timeoutMs],
    ] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw invalid(name, 'a non-negative number', value);
    }
    this.#options = { url, secret, consoleUrl, attempts, backoffMs, timeoutMs, fetch: options.fetch ?? fetch };
  }

  /** Starts delivering `notice` in the background. */
  notify(notice: ApprovalNotice): void {
    const delivery = this.#deliver(notice).finally(() => this.#running.delete(delivery));
    this.#running.add(delivery);
  }

  /** The latest deliveries, newest first. */
  deliveries(): readonly WebhookDelivery[] {
    return [...this.#deliveries].reverse();
  }

  /** Resolves once every delivery under way has ended (delivered or given up). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #deliver(notice: ApprovalNotice): Promise<void> {
    const id = randomUUID();
    const body = webhookBody(notice, this.#options.consoleUrl, id);
    const base = { id, type: notice.type, approvalId: notice.record.id, at: new Date().toISOString() };
    let entry: WebhookDelivery = { ...base, attempts: 0, status: 'delivering', lastError: undefined };
    this.#keep(entry);
    for (let attempt = 1; attempt <= this.#options.attempts; attempt++) {
      const error = await this.#attempt(body);
      entry = this.#replace(entry, {
        ...base,
        attempts: attempt,
        status: error === undefined ? 'delivered' : 'delivering',
        lastError: error,
      });
      if (error === undefined) return;
      if (attempt < this.#options.attempts)
        await delay(this.#options.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
    }
    this.#replace(entry, { ...entry, status: 'failed' });
  }

  /** One POST; `undefined` when the receiver answered 2xx, else what went wrong. */
  async #attempt(body: string): Promise<string | undefined> {
    const signature = signWebhook(this.#options.secret, body, Math.floor(Date.now() / 1000));
    try {
      const response = await this.#options.fetch(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }

  #keep(entry: WebhookDelivery): void {
    this.#deliveries.push(entry);
    if (this.#deliveries.length > KEPT_DELIVERIES) this.#deliveries.shift();
  }

  #replace(old: WebhookDelivery, next: WebhookDelivery): WebhookDelivery {
    const index = this.#deliveries.indexOf(old);
    if (index >= 0) this.#deliveries[index] = next;
    return next;
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
