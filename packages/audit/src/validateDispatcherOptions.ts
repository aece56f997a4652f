import { ConfigurationError, describeValue } from '@brane/errors';
import type { AuditDispatcherOptions } from './AuditDispatcher.js';
import type { AuditSink } from './AuditSink.js';
import type { AuditSinkQueueSettings } from './AuditSinkQueue.js';

const OVERFLOWS: readonly string[] = ['block', 'drop', 'fail-closed'];

/**
 * @internal Checks what JavaScript callers pass to `new AuditDispatcher()` and fills in the defaults.
 *
 * @throws ConfigurationError `INVALID_OPTIONS`: no sinks array, a sink without `name` or `write`, two sinks
 * with one name, an unknown `overflow`, a size that is not a positive integer, a delay that is not >= 0.
 */
export function validateDispatcherOptions(options: AuditDispatcherOptions): AuditSinkQueueSettings {
  const invalid = (message: string): ConfigurationError => new ConfigurationError('INVALID_OPTIONS', message);
  if (typeof options !== 'object' || options === null || !Array.isArray(options.sinks)) {
    throw invalid(`AuditDispatcher options need \`sinks\`, an array of audit sinks (got ${describeValue(options)})`);
  }
  const names = new Set<string>();
  for (const sink of options.sinks as unknown[]) {
    const { name, write } = (sink ?? {}) as Partial<AuditSink>;
    if (typeof name !== 'string' || name === '' || typeof write !== 'function') {
      throw invalid(`An audit sink needs a non-empty \`name\` and a \`write\` method (got ${describeValue(sink)})`);
    }
    if (names.has(name)) throw invalid(`Two audit sinks are named \`${name}\`; give each its own name`);
    names.add(name);
  }
  if (options.overflow !== undefined && !OVERFLOWS.includes(options.overflow)) {
    throw invalid(`\`overflow\` must be one of ${OVERFLOWS.join(', ')} (got ${describeValue(options.overflow)})`);
  }
  const positive = (key: string, value: unknown, fallback: number, integer: boolean): number => {
    if (value === undefined) return fallback;
    const ok = typeof value === 'number' && (integer ? Number.isInteger(value) && value > 0 : value >= 0);
    if (!ok || !Number.isFinite(value)) {
      throw invalid(
        `\`${key}\` must be a ${integer ? 'positive integer' : 'finite number >= 0'} (got ${describeValue(value)})`,
      );
    }
    return value;
  };
  const bufferSize = positive('bufferSize', options.bufferSize, 10_000, true);
  const maxBatchSize = positive('maxBatchSize', options.maxBatchSize, 500, true);
  const baseDelayMs = positive('retry.baseDelayMs', options.retry?.baseDelayMs, 50, false);
  const maxDelayMs = positive('retry.maxDelayMs', options.retry?.maxDelayMs, 5_000, false);
  return { bufferSize, maxBatchSize, baseDelayMs, maxDelayMs: Math.max(baseDelayMs, maxDelayMs) };
}
