import { AuditError } from '@brane/errors';
import type { AuditEvent } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';
import type { AuditSinkStats } from './AuditSinkStats.js';
import type { ExitDrainable } from './exitDrain.js';

/** @internal The settings an {@link AuditSinkQueue} runs with. */
export interface AuditSinkQueueSettings {
  readonly bufferSize: number;
  readonly maxBatchSize: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

interface Waiter {
  readonly events: readonly AuditEvent[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface FlushWaiter {
  readonly target: number;
  readonly resolve: () => void;
}

/**
 * @internal The bounded queue of one sink and its delivery loop: batches in order, one `write` in flight,
 * a failed batch retried at the head with exponential backoff until it succeeds.
 */
export class AuditSinkQueue implements ExitDrainable {
  readonly sink: AuditSink;
  readonly #settings: AuditSinkQueueSettings;
  /** Events not yet written, oldest first; the first `#inFlight` of them are being written. */
  #queue: AuditEvent[] = [];
  #inFlight = 0;
  readonly #waiters: Waiter[] = [];
  #waiting = 0;
  #dropped = 0;
  #failures = 0;
  #consecutiveFailures = 0;
  #lastError: string | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #scheduled = false;
  #stopped = false;
  /** Events ever taken (queued or waiting) and events written: a flush waits for `#written` to catch up. */
  #taken = 0;
  #written = 0;
  readonly #flushes = new Set<FlushWaiter>();

  /** The most events one `write` receives: the sink's own `maxBatchSize` when it sets a valid one. */
  readonly #batchSize: number;

  constructor(sink: AuditSink, settings: AuditSinkQueueSettings) {
    this.sink = sink;
    this.#settings = settings;
    const own = sink.maxBatchSize;
    this.#batchSize = Number.isSafeInteger(own) && (own as number) > 0 ? (own as number) : settings.maxBatchSize;
  }

  /** Whether `count` more events fit now. A batch larger than the whole buffer fits an empty queue. */
  fits(count: number): boolean {
    const queued = this.#queue.length;
    return this.#waiters.length === 0 && (queued === 0 || queued + count <= this.#settings.bufferSize);
  }

  /** Events queued and not being written. */
  unsent(): number {
    return this.#queue.length - this.#inFlight;
  }

  /** Queues `events` whether they fit or not (the dispatcher checked). */
  enqueue(events: readonly AuditEvent[]): void {
    for (const event of events) this.#queue.push(event);
    this.#taken += events.length;
    this.#schedule();
  }

  /** Queues what fits of `events` and counts the rest as dropped. */
  enqueueOrDrop(events: readonly AuditEvent[]): void {
    if (this.fits(events.length)) {
      this.enqueue(events);
      return;
    }
    const room = this.#waiters.length > 0 ? 0 : Math.max(0, this.#settings.bufferSize - this.#queue.length);
    this.enqueue(events.slice(0, room));
    this.#dropped += events.length - room;
  }

  /** Takes `events` now and queues them, in order, once there is room; the promise settles then. */
  wait(events: readonly AuditEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ events, resolve, reject });
      this.#waiting += events.length;
      this.#taken += events.length;
      this.#admitWaiters();
    });
  }

  /**
   * Writes everything not already being written, then `events`, at once through the sink's `writeSync`.
   * On failure the queue is kept for the retry loop, `events` join it if they fit, and an `AuditError`
   * (`AUDIT_WRITE_FAILED`) is thrown.
   */
  writeSync(events: readonly AuditEvent[]): void {
    const pending = [
      ...this.#queue.slice(this.#inFlight),
      ...this.#waiters.flatMap((waiter) => waiter.events),
      ...events,
    ];
    if (pending.length === 0) return;
    try {
      this.sink.writeSync?.(pending);
    } catch (error) {
      this.#recordFailure(error);
      this.#startRetryTimer();
      this.enqueueOrDrop(events);
      throw new AuditError(
        'AUDIT_WRITE_FAILED',
        this.sink.name,
        `Sink \`${this.sink.name}\` failed to write synchronously: ${this.#lastError ?? ''}`,
        { cause: error },
      );
    }
    this.#queue.length = this.#inFlight;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    this.#waiting = 0;
    this.#taken += events.length;
    this.#written += pending.length;
    this.#recovered();
    this.#progress();
  }

  /**
   * Writes everything queued and not already being written at once through the sink's `writeSync`, for a queue
   * found full by a caller that would otherwise be refused or dropped. `false` when the sink has no `writeSync` or
   * it failed (counted; the events stay queued for the retry loop).
   */
  flushSync(): boolean {
    if (this.sink.writeSync === undefined) return false;
    const pending = [...this.#queue.slice(this.#inFlight), ...this.#waiters.flatMap((waiter) => waiter.events)];
    if (pending.length === 0) return true;
    try {
      this.sink.writeSync(pending);
    } catch (error) {
      this.#recordFailure(error);
      this.#startRetryTimer();
      return false;
    }
    this.#queue.length = this.#inFlight;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    this.#waiting = 0;
    this.#written += pending.length;
    this.#recovered();
    this.#progress();
    return true;
  }

  /**
   * Hands everything queued and not being written, then `events`, to the sink's `writeDurable` (which the caller
   * checked it has); settles once they are durable. The sink holds them from the call on, so the queue lets them
   * go at once; a failure rejects with `AUDIT_WRITE_FAILED`.
   */
  writeDurable(events: readonly AuditEvent[]): Promise<void> {
    const pending = [
      ...this.#queue.slice(this.#inFlight),
      ...this.#waiters.flatMap((waiter) => waiter.events),
      ...events,
    ];
    this.#queue.length = this.#inFlight;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    this.#waiting = 0;
    this.#taken += events.length;
    this.#written += pending.length;
    this.#progress();
    const written = (async (): Promise<void> => this.sink.writeDurable?.(pending))();
    return written.then(
      () => {
        this.#recovered();
      },
      (error: unknown) => {
        this.#recordFailure(error);
        throw new AuditError(
          'AUDIT_WRITE_FAILED',
          this.sink.name,
          `Sink \`${this.sink.name}\` failed to write durably: ${this.#lastError ?? ''}`,
          { cause: error },
        );
      },
    );
  }

  /**
   * For the process `exit` event: writes everything still held through `writeSync` (including a batch whose
   * async write cannot finish now, so it may be written twice) and reports on stderr what it could not write.
   */
  drainAtExit(): void {
    const pending = [...this.#queue, ...this.#waiters.flatMap((waiter) => waiter.events)];
    this.#halt();
    if (pending.length === 0) return;
    let reason = 'the sink cannot write synchronously';
    if (this.sink.writeSync !== undefined) {
      try {
        this.sink.writeSync(pending);
        this.#queue = [];
        this.#written = this.#taken;
        return;
      } catch (error) {
        reason = messageOf(error);
      }
    }
    process.stderr.write(
      `[@brane/audit] ${pending.length} audit events for sink \`${this.sink.name}\` were not written before exit: ${reason}\n`,
    );
  }

  /** Settles once every event taken so far is written; retries a failed batch at once rather than after its delay. */
  whenWritten(): { readonly promise: Promise<void>; cancel(): void } {
    if (this.#written >= this.#taken) return { promise: Promise.resolve(), cancel: () => undefined };
    let waiter: FlushWaiter | undefined;
    const promise = new Promise<void>((resolve) => {
      waiter = { target: this.#taken, resolve };
      this.#flushes.add(waiter);
    });
    if (this.#retryTimer !== undefined) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#schedule();
    }
    return { promise, cancel: () => waiter !== undefined && this.#flushes.delete(waiter) };
  }

  /** Stops delivering; emits still waiting for room are rejected with `AUDIT_BUFFER_FULL`. */
  stop(): void {
    this.#halt();
    const message = `The audit dispatcher closed before sink \`${this.sink.name}\` had room for these events`;
    for (const waiter of this.#waiters.splice(0))
      waiter.reject(new AuditError('AUDIT_BUFFER_FULL', this.sink.name, message));
    this.#waiting = 0;
  }

  /** A snapshot of the sink's counters. */
  stats(): AuditSinkStats {
    return {
      queued: this.#queue.length,
      waiting: this.#waiting,
      dropped: this.#dropped,
      failures: this.#failures,
      consecutiveFailures: this.#consecutiveFailures,
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  #halt(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    void Promise.resolve().then(() => {
      this.#scheduled = false;
      this.#deliver();
    });
  }

  #deliver(): void {
    if (this.#stopped || this.#inFlight > 0 || this.#retryTimer !== undefined || this.#queue.length === 0) return;
    const batch = this.#queue.slice(0, this.#batchSize);
    this.#inFlight = batch.length;
    let result: unknown;
    try {
      result = this.sink.write(batch);
    } catch (error) {
      this.#failed(error);
      return;
    }
    Promise.resolve(result).then(
      () => {
        this.#succeeded();
      },
      (error: unknown) => {
        this.#failed(error);
      },
    );
  }

  #succeeded(): void {
    this.#queue.splice(0, this.#inFlight);
    this.#written += this.#inFlight;
    this.#inFlight = 0;
    this.#recovered();
    this.#progress();
    this.#schedule();
  }

  #failed(error: unknown): void {
    this.#inFlight = 0;
    this.#recordFailure(error);
    this.#startRetryTimer();
  }

  #recordFailure(error: unknown): void {
    this.#failures += 1;
    this.#consecutiveFailures += 1;
    this.#lastError = messageOf(error);
  }

  #recovered(): void {
    this.#consecutiveFailures = 0;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Waits `base * 2^(failures - 1)` ms, capped, with up to half of it taken off at random. */
  #startRetryTimer(): void {
    if (this.#stopped || this.#retryTimer !== undefined || this.#inFlight > 0) return;
    const { baseDelayMs, maxDelayMs } = this.#settings;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(this.#consecutiveFailures - 1, 30));
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.#deliver();
      },
      delay * (0.5 + Math.random() / 2),
    );
    this.#retryTimer.unref();
  }

  /** After events left the queue: lets waiting emits in, in order, and settles the flushes now satisfied. */
  #progress(): void {
    this.#admitWaiters();
    for (const flush of this.#flushes) {
      if (this.#written < flush.target) continue;
      this.#flushes.delete(flush);
      flush.resolve();
    }
  }

  #admitWaiters(): void {
    while (this.#waiters.length > 0) {
      const next = this.#waiters[0];
      const queued = this.#queue.length;
      if (next === undefined || (queued > 0 && queued + next.events.length > this.#settings.bufferSize)) return;
      this.#waiters.shift();
      this.#waiting -= next.events.length;
      for (const event of next.events) this.#queue.push(event);
      next.resolve();
      this.#schedule();
    }
  }
}

function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
