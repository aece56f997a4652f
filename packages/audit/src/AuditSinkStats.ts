/** How one sink is doing, from {@link AuditDispatcher.stats}. */
export interface AuditSinkStats {
  /** Events held for the sink, including the batch being written. */
  readonly queued: number;
  /** Events emitted under `overflow: 'block'` that wait for room in the queue. */
  readonly waiting: number;
  /** Events dropped because the queue was full (`overflow: 'drop'`, or a failed sync write with no room left). */
  readonly dropped: number;
  /** Failed writes so far; each retry that fails counts. */
  readonly failures: number;
  /** Failed writes since the last one that succeeded: `0` when the sink is healthy. */
  readonly consecutiveFailures: number;
  /** The message of the most recent failure, if any write ever failed. */
  readonly lastError?: string;
}
