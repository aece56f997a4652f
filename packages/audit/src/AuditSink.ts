import type { AuditEvent } from './AuditEvent.js';

/**
 * Where audit events go. `write` receives a batch, in order; it may be async. A sink that can write
 * synchronously implements `writeSync`, which `durability: 'sync'` uses to put the decision record on
 * disk before the capability runs. A sink never sees a secret: events are masked before dispatch.
 */
export interface AuditSink {
  /** A short name for messages and metrics: `jsonl`, `otel`, `console`, `memory`. */
  readonly name: string;
  /**
   * The most events one `write` receives, when the sink wants batches of another size than the dispatcher's
   * `maxBatchSize` (the JSONL file sink takes large ones: its cost is per batch, one `fsync`).
   */
  readonly maxBatchSize?: number;
  write(events: readonly AuditEvent[]): void | Promise<void>;
  /** Writes at once, before returning; for `durability: 'sync'`. */
  writeSync?(events: readonly AuditEvent[]): void;
  /**
   * Writes `events` and resolves once they are durable (on disk), for an async call under `durability: 'sync'`.
   * Calls that arrive while a sync is under way share the next one (group commit). Without it, such calls use
   * `writeSync`.
   */
  writeDurable?(events: readonly AuditEvent[]): Promise<void>;
  /**
   * Called synchronously, in the caller's context, when an action starts; what it returns comes back with the
   * action's record under `CALLER_CONTEXT` (the OpenTelemetry sink keeps the caller's active span this way).
   */
  captureContext?(): unknown;
  /** Makes everything written so far durable. */
  flush?(): void | Promise<void>;
  /** Flushes and releases resources; called by `runtime.close()`. */
  close?(): void | Promise<void>;
}
