import { BraneError, describeValue } from '@brane/errors';

/** A name the runtime stamps on a copy (`policyName`, `actionId`): a string or `undefined`. */
export function checkName(field: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`${field}\` must be a string (got ${describeValue(value)})`,
    );
  }
  return value;
}

/** The reason of a deny or a log-only decision: a non-empty string. */
export function requireReason(method: string, reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${method}: \`reason\` must be a non-empty string (got ${describeValue(reason)})`,
    );
  }
  return reason;
}
