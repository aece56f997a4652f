import type { Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';

/**
 * Checks that `value` is a Brane `Runtime` (by its methods, so that a runtime loaded as ESM and one loaded
 * as CommonJS both qualify) and returns it.
 *
 * @internal
 */
export function requireRuntime(value: unknown, where: string): Runtime {
  const runtime = value as Partial<Record<'capability' | 'explain' | 'resume', unknown>> | null;
  if (
    typeof runtime !== 'object' ||
    runtime === null ||
    typeof runtime.capability !== 'function' ||
    typeof runtime.explain !== 'function' ||
    typeof runtime.resume !== 'function'
  ) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected a Brane Runtime (got ${describeValue(value)})`);
  }
  return value as Runtime;
}
