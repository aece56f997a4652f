import { BraneError, describeValue } from '@brane/errors';

/** The `INVALID_ARGUMENT` error for `label`, which must be `expected`, given `got`. */
export function invalidArgument(label: string, expected: string, got: unknown): BraneError {
  return new BraneError('INVALID_ARGUMENT', `\`${label}\` must be ${expected} (got ${describeValue(got)})`, {
    details: { argument: label },
  });
}

/** `value` if it is a non-empty string; otherwise throws {@link invalidArgument}. */
export function requireText(value: unknown, label: string): string {
  if (typeof value !== 'string' || value === '') throw invalidArgument(label, 'a non-empty string', value);
  return value;
}

/** `value` if it is `undefined` or a non-empty string; otherwise throws {@link invalidArgument}. */
export function optionalText(value: unknown, label: string): string | undefined {
  return value === undefined ? undefined : requireText(value, label);
}

/** `value` if it is a plain object (not `null`, not an array); otherwise throws {@link invalidArgument}. */
export function requireObject(value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(label, 'an object', value);
  }
  return value as Record<string, unknown>;
}
