import type { Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';

const METHODS = ['capability', 'explain', 'resume', 'withContext'] as const;

/** `value` if it is a Brane `Runtime` (by its methods, so that two copies of `@brane/core` still work). */
export function requireRuntime(value: unknown, where: string): Runtime {
  const candidate = value as Partial<Record<(typeof METHODS)[number], unknown>> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    METHODS.some((method) => typeof candidate[method] !== 'function') ||
    typeof (candidate as { approvals?: unknown }).approvals !== 'object'
  ) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected a Brane Runtime (got ${describeValue(value)})`);
  }
  return value as Runtime;
}
