import type { AuditSink } from '@brane/audit';
import { option } from '@brane/policy-engine';

/** How a runtime records its audit trail. */
export interface AuditOptions {
  /** Where events go; several at once. Default: a `JsonlFileSink` under `.brane/audit`. */
  readonly sinks?: readonly AuditSink[] | undefined;
  /**
   * `sync` writes the decision record (through each sink's `writeSync`) before the capability runs, so a
   * crash right after cannot lose it. Default `async`; a capability can set its own.
   */
  readonly durability?: 'async' | 'sync' | undefined;
  /**
   * What happens when a sink's buffer is full: `block` (default) makes an async call wait for room (a
   * synchronous one cannot wait and is denied), `drop` drops and counts, `fail-closed` denies the action.
   */
  readonly overflow?: 'block' | 'drop' | 'fail-closed' | undefined;
  /** Events buffered per sink before `overflow` applies. Default 10,000. */
  readonly bufferSize?: number | undefined;
  /** Field names masked wherever they appear in any event (besides the built-in ones). */
  readonly sensitiveKeys?: readonly string[] | undefined;
  /** Secret shapes masked in every string, replacing the built-in ones (extend `DEFAULT_SECRET_PATTERNS`). */
  readonly secretPatterns?: readonly RegExp[] | undefined;
}

const sink = option.custom<AuditSink>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { write?: unknown }).write === 'function' &&
    typeof (value as { name?: unknown }).name === 'string',
  'must be an AuditSink (a `name` and a `write(events)` method)',
);

/** Validates {@link AuditOptions}. */
export const auditOptionsSchema = option.strictObject({
  sinks: option.array(sink).min(1, 'must list at least one sink (leave it out for the JSONL file default)').optional(),
  durability: option.enum(['async', 'sync']).optional(),
  overflow: option.enum(['block', 'drop', 'fail-closed']).optional(),
  bufferSize: option.number().int().positive().max(10_000_000).optional(),
  sensitiveKeys: option.array(option.string().min(1)).optional(),
  secretPatterns: option.array(option.instanceOf(RegExp)).optional(),
});
