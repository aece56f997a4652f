import { AuditError } from '@brane/errors';
import type { AuditEvent } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';
import { AuditSinkQueue } from './AuditSinkQueue.js';
import type { AuditSinkStats } from './AuditSinkStats.js';
import { validateDispatcherOptions } from './validateDispatcherOptions.js';
import { exitDrain } from './exitDrain.js';

/**
 * What {@link AuditDispatcher.emit} does when a sink's queue is full:
 * - `block`: returns a promise that settles once there is room (the runtime awaits it for an async
 *   capability; a synchronous capability cannot wait, so for it this is `fail-closed`);
 * - `drop`: drops what does not fit, counted in `stats().<sink>.dropped`;
 * - `fail-closed`: throws `AuditError('AUDIT_BUFFER_FULL')` and queues nothing anywhere, so the action is denied.
 */
export type AuditOverflow = 'block' | 'drop' | 'fail-closed';

/** How a failed write is retried: after `baseDelayMs`, doubling up to `maxDelayMs`, forever. */
export interface AuditRetryOptions {
  /** Default 50. */
  readonly baseDelayMs?: number;
  /** Default 5_000. */
  readonly maxDelayMs?: number;
}

/** What an {@link AuditDispatcher} is built from. */
export interface AuditDispatcherOptions {
  /** Where events go; names must be unique (they key `stats()` and errors). */
  readonly sinks: readonly AuditSink[];
  /** Events held per sink before `overflow` applies. Default 10_000. */
  readonly bufferSize?: number;
  /** Default `block`. */
  readonly overflow?: AuditOverflow;
  readonly retry?: AuditRetryOptions;
  /** The most events one `write` receives. Default 500. */
  readonly maxBatchSize?: number;
  /**
   * When the process exits, write what is still queued into sinks with `writeSync` and report on stderr what
   * could not be written. Default `true`.
   */
  readonly drainOnExit?: boolean;
}

/** Options of {@link AuditDispatcher.emit}. */
export interface AuditEmitOptions {
  /**
   * `false` when the caller cannot await the returned promise (a synchronous capability): once `maxBatchSize`
   * events are queued for a sink with `writeSync`, or its queue is full, they are then written at once, in one batch
   * (a synchronous loop never lets the queue deliver, and records held longer outlive the young heap); another full queue under `overflow: 'block'` throws
   * `AUDIT_BUFFER_FULL`, as under `fail-closed` (unless `afterTheFact`). Default `true`.
   */
  readonly canWait?: boolean;
  /**
   * `true` for events of something that already happened (an action's completion, an approver's decision):
   * nothing is left to deny, so they are never refused; under `fail-closed`, or from a caller that cannot wait,
   * they wait for room as under `block`. Default `false`.
   */
  readonly afterTheFact?: boolean;
}

/** Options of {@link AuditDispatcher.flush} and {@link AuditDispatcher.close}. */
export interface AuditFlushOptions {
  /** Give up after this long with `AUDIT_WRITE_FAILED`; the events stay queued and retried. Default: wait. */
  readonly timeoutMs?: number;
}

/**
 * Delivers audit events to sinks without slowing the agent's call and without losing events silently. Each
 * sink has its own bounded queue and delivery loop, so a slow or failing sink never delays the others; each
 * sink receives its events in emit order, in batches, one `write` at a time. A failed write is retried with
 * exponential backoff, forever, at the head of its queue: a failure never drops or reorders events (only
 * `overflow: 'drop'` drops, and counts). When the process exits, what is still queued is written through
 * `writeSync` where a sink has one, and anything lost is reported on stderr.
 *
 * Order has one exception: {@link emitSync} writes past a batch whose async `write` is still in flight; if
 * that write then fails, its retry lands after the synchronous events. Sinks must also accept `writeSync`
 * while one of their `write` promises is pending.
 *
 * @example
 * const audit = new AuditDispatcher({ sinks: [new ConsoleAuditSink(), new OtelAuditSink()] });
 * await audit.emit(events); // a promise only when a queue is full under `overflow: 'block'`
 * await audit.close();
 */
export class AuditDispatcher {
  readonly #queues: readonly AuditSinkQueue[];
  readonly #overflow: AuditOverflow;
  readonly #bufferSize: number;
  readonly #maxBatchSize: number;
  readonly #capturing: readonly AuditSink[];
  #closing: Promise<void> | undefined;

  constructor(options: AuditDispatcherOptions) {
    const settings = validateDispatcherOptions(options);
    this.#overflow = options.overflow ?? 'block';
    this.#bufferSize = settings.bufferSize;
    this.#maxBatchSize = settings.maxBatchSize;
    this.#queues = options.sinks.map((sink) => new AuditSinkQueue(sink, settings));
    this.#capturing = options.sinks.filter((sink) => typeof sink.captureContext === 'function');
    if (options.drainOnExit !== false) for (const queue of this.#queues) exitDrain.add(queue);
  }

  /**
   * Queues `events` for every sink and returns at once; delivery happens later. A full queue whose sink has
   * `writeSync` is written at once in one batch, unless the caller can wait under `block`; `overflow` governs the
   * other full queues. Returns a promise only under `overflow: 'block'` when a queue is full: the events are
   * taken, and it settles once every sink has room.
   *
   * @throws AuditError `AUDIT_BUFFER_FULL` under `fail-closed` (or `block` with `canWait: false`) when a
   * queue is full; nothing was queued. `AUDIT_WRITE_FAILED` after `close()`.
   */
  emit(events: readonly AuditEvent[], options: AuditEmitOptions = {}): void | Promise<void> {
    this.#assertOpen();
    if (events.length === 0) return undefined;
    let full: AuditSinkQueue[] | undefined;
    for (const queue of this.#queues) {
      if (!queue.fits(events.length)) {
        if (!this.#flushedAtOnce(queue, options)) (full ??= []).push(queue);
      } else if (options.canWait === false && queue.unsent() >= this.#maxBatchSize) {
        // A caller that cannot wait is a synchronous call: while its loop holds the event loop nothing is
        // delivered, so a batch is written at once, before the records held for it outlive the young heap.
        queue.flushSync();
      }
    }
    // Queues copy what they take; only a wait keeps the batch, so only then is it copied.
    if (full === undefined) {
      for (const queue of this.#queues) queue.enqueue(events);
      return undefined;
    }
    const batch = events.slice();
    if (this.#overflow === 'drop') {
      for (const queue of this.#queues) queue.enqueueOrDrop(batch);
      return undefined;
    }
    // What already happened is never refused: it waits for room (a caller that cannot wait lets it settle alone).
    const refuse = options.afterTheFact !== true && (this.#overflow === 'fail-closed' || options.canWait === false);
    if (refuse) throw this.#bufferFull(full[0] as AuditSinkQueue);
    const waits: Promise<void>[] = [];
    for (const queue of this.#queues) {
      if (full.includes(queue)) waits.push(queue.wait(batch));
      else queue.enqueue(batch);
    }
    return Promise.all(waits).then(() => undefined);
  }

  /**
   * For an async call under `durability: 'sync'`: resolves once `events` are durable in every sink that can
   * make them so. A sink with `writeDurable` gets them with what is queued for it, sharing its next sync with
   * the calls around (group commit); one with only `writeSync` writes them at once; the others get them queued
   * as by {@link emitSync}.
   *
   * @throws AuditError (a rejection) `AUDIT_WRITE_FAILED` when a sink failed to write them.
   */
  async emitDurable(events: readonly AuditEvent[]): Promise<void> {
    this.#assertOpen();
    if (!this.#queues.some((queue) => queue.sink.writeDurable !== undefined)) {
      this.emitSync(events);
      return;
    }
    const batch = events.slice();
    const later = this.#queues.filter((queue) => !canWriteNow(queue.sink));
    const full = this.#overflow === 'drop' ? undefined : later.find((queue) => !queue.fits(batch.length));
    if (full !== undefined) throw this.#bufferFull(full);
    const writes: Promise<void>[] = [];
    let failure: Error | undefined;
    for (const queue of this.#queues) {
      try {
        if (queue.sink.writeDurable !== undefined) writes.push(queue.writeDurable(batch));
        else if (queue.sink.writeSync !== undefined) queue.writeSync(batch);
        else if (this.#overflow === 'drop') queue.enqueueOrDrop(batch);
        else queue.enqueue(batch);
      } catch (error) {
        failure ??= asError(error);
      }
    }
    const results = await Promise.allSettled(writes);
    const rejected = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure;
    if (rejected !== undefined) throw asError(rejected.reason);
  }

  /**
   * What each sink with a `captureContext` captures now, by sink; `undefined` when no sink captures anything.
   * The runtime calls it when an action starts and hands it back in the record under `CALLER_CONTEXT`.
   */
  captureContexts(): ReadonlyMap<AuditSink, unknown> | undefined {
    if (this.#capturing.length === 0) return undefined;
    const contexts = new Map<AuditSink, unknown>();
    for (const sink of this.#capturing) {
      try {
        const captured = sink.captureContext?.();
        if (captured !== undefined) contexts.set(sink, captured);
      } catch {
        // A sink that cannot capture its context records the action without it.
      }
    }
    return contexts.size === 0 ? undefined : contexts;
  }

  /**
   * A full queue whose sink can write synchronously is written at once, in one batch, rather than refusing or
   * dropping: a synchronous burst never outruns a sink that can keep up. A caller that can wait under `block`
   * waits instead, which keeps the event loop free.
   */
  #flushedAtOnce(queue: AuditSinkQueue, options: AuditEmitOptions): boolean {
    if (queue.sink.writeSync === undefined) return false;
    if (this.#overflow === 'block' && options.canWait !== false) return false;
    // Written: the queue holds at most the batch being written, which the sink already has.
    return queue.flushSync();
  }

  /**
   * For `durability: 'sync'`: writes `events` before returning, through `writeSync`, into every sink that has
   * one, preceded by what is still queued for it (so its order holds). Sinks without `writeSync` get the
   * events queued as by {@link emit} with `canWait: false`.
   *
   * @throws AuditError `AUDIT_WRITE_FAILED` when a `writeSync` throws (the events stay queued for the retry
   * loop if they fit); `AUDIT_BUFFER_FULL` when a sink without `writeSync` is full and overflow is not `drop`.
   */
  emitSync(events: readonly AuditEvent[]): void {
    this.#assertOpen();
    const batch = [...events];
    const later = this.#queues.filter((queue) => queue.sink.writeSync === undefined);
    const full = this.#overflow === 'drop' ? undefined : later.find((queue) => !queue.fits(batch.length));
    if (full !== undefined) throw this.#bufferFull(full);
    let failure: Error | undefined;
    for (const queue of this.#queues) {
      try {
        if (queue.sink.writeSync !== undefined) queue.writeSync(batch);
        else if (batch.length === 0) continue;
        else if (this.#overflow === 'drop') queue.enqueueOrDrop(batch);
        else queue.enqueue(batch);
      } catch (error) {
        failure ??= asError(error);
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Settles once every event emitted before the call is written (a sink waiting to retry is retried at
   * once), then calls each sink's `flush`. Without `timeoutMs` it waits as long as a failing sink keeps
   * failing.
   *
   * @throws AuditError `AUDIT_WRITE_FAILED` naming a sink that still holds events after `timeoutMs` (they
   * stay queued), or whose `flush` failed. After `close()`, settles as `close()` did.
   */
  flush(options: AuditFlushOptions = {}): Promise<void> {
    return this.#closing ?? this.#flush(options);
  }

  async #flush(options: AuditFlushOptions): Promise<void> {
    const waits = this.#queues.map((queue) => queue.whenWritten());
    try {
      await withTimeout(Promise.all(waits.map((wait) => wait.promise)), options.timeoutMs, () =>
        this.#stuck(options.timeoutMs ?? 0),
      );
    } finally {
      for (const wait of waits) wait.cancel();
    }
    await settleAll(
      this.#queues.map((queue) => queue.sink),
      'flush',
    );
  }

  /**
   * Refuses new events, flushes, stops delivery (emits still waiting for room reject with `AUDIT_BUFFER_FULL`)
   * and closes every sink. Calling it again returns the same promise.
   */
  close(options: AuditFlushOptions = {}): Promise<void> {
    this.#closing ??= this.#close(options);
    return this.#closing;
  }

  /** How each sink is doing, by sink name. */
  stats(): Record<string, AuditSinkStats> {
    return Object.fromEntries(this.#queues.map((queue) => [queue.sink.name, queue.stats()]));
  }

  async #close(options: AuditFlushOptions): Promise<void> {
    let failure: Error | undefined;
    try {
      await this.#flush(options);
    } catch (error) {
      failure = asError(error);
    }
    for (const queue of this.#queues) {
      exitDrain.delete(queue);
      queue.stop();
    }
    try {
      await settleAll(
        this.#queues.map((queue) => queue.sink),
        'close',
      );
    } catch (error) {
      failure ??= asError(error);
    }
    if (failure !== undefined) throw failure;
  }

  #assertOpen(): void {
    if (this.#closing === undefined) return;
    const sink = this.#queues[0]?.sink.name ?? 'none';
    throw new AuditError('AUDIT_WRITE_FAILED', sink, 'The audit dispatcher is closed: it takes no more events');
  }

  #bufferFull(queue: AuditSinkQueue): AuditError {
    const { queued, lastError } = queue.stats();
    const failing = lastError === undefined ? '' : `; its last write failed: ${lastError}`;
    return new AuditError(
      'AUDIT_BUFFER_FULL',
      queue.sink.name,
      `The audit queue of sink \`${queue.sink.name}\` is full (${queued} of ${this.#bufferSize} events${failing}); the action is not recorded and must not run`,
      { details: { queued, bufferSize: this.#bufferSize, overflow: this.#overflow } },
    );
  }

  #stuck(timeoutMs: number): AuditError {
    const holds = (each: AuditSinkQueue): boolean => each.stats().queued + each.stats().waiting > 0;
    const queue = this.#queues.find(holds) ?? this.#queues[0];
    const name = queue?.sink.name ?? 'none';
    const stats = queue?.stats();
    const why = stats?.lastError === undefined ? '' : ` (${stats.failures} failed writes, last: ${stats.lastError})`;
    return new AuditError(
      'AUDIT_WRITE_FAILED',
      name,
      `Sink \`${name}\` still holds ${(stats?.queued ?? 0) + (stats?.waiting ?? 0)} audit events after ${timeoutMs} ms${why}; they stay queued and are retried`,
      { details: { ...stats, timeoutMs } },
    );
  }
}

function canWriteNow(sink: AuditSink): boolean {
  return sink.writeDurable !== undefined || sink.writeSync !== undefined;
}

/** Calls `method` on every sink that has it, concurrently; the first failure is thrown once all settled. */
async function settleAll(sinks: readonly AuditSink[], method: 'flush' | 'close'): Promise<void> {
  const results = await Promise.allSettled(sinks.map(async (sink) => sink[method]?.()));
  const index = results.findIndex((result) => result.status === 'rejected');
  const failed = results[index];
  if (failed?.status !== 'rejected') return;
  const name = sinks[index]?.name ?? 'none';
  const cause: unknown = failed.reason;
  const message = cause instanceof Error ? cause.message : String(cause);
  throw new AuditError('AUDIT_WRITE_FAILED', name, `Sink \`${name}\` failed to ${method}: ${message}`, { cause });
}

function withTimeout(promise: Promise<unknown>, timeoutMs: number | undefined, onTimeout: () => Error): Promise<void> {
  if (timeoutMs === undefined) return promise.then(() => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(onTimeout());
    }, timeoutMs);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asError(error));
      },
    );
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
