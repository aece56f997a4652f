import { BraneError, describeValue } from '@brane/errors';

/**
 * Refuses a count that is not a positive safe integer (`INVALID_ARGUMENT`, naming `label`).
 *
 * @internal
 */
export function assertCount(value: unknown, label: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new BraneError('INVALID_ARGUMENT', `${label} must be a positive integer (got ${describeValue(value)})`);
  }
}
