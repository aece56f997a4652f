import { BraneError, describeValue } from '@brane/errors';

/** How many labels one decision or capability may carry. */
export const MAX_LABELS = 32;

/**
 * Whether `value` is a data label: 1 to 64 characters, lowercase letters, digits and `_ . : -`, starting with a
 * letter or digit (`pii`, `secret`, `untrusted`, `pii:card`).
 */
export function isDataLabel(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const alnum = (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
    const joiner = code === 0x5f || code === 0x2e || code === 0x3a || code === 0x2d;
    if (!alnum && (i === 0 || !joiner)) return false;
  }
  return true;
}

/**
 * Validates a list of data labels and returns them deduplicated, sorted and frozen. Throws an `INVALID_ARGUMENT`
 * error naming `where` and the first value that is not a label.
 */
export function parseLabels(value: unknown, where: string): readonly string[] {
  if (!Array.isArray(value) || value.length > MAX_LABELS) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: expected a list of at most ${MAX_LABELS} data labels (got ${describeValue(value)})`,
    );
  }
  for (const label of value as unknown[]) {
    if (!isDataLabel(label)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${where}: ${describeValue(label)} is not a data label (1-64 lowercase letters, digits, \`_ . : -\`, such as \`pii\`)`,
      );
    }
  }
  return Object.freeze([...new Set(value as string[])].sort());
}

/** The union of two label lists, sorted and frozen; `a` itself when `b` adds nothing. */
export function unionLabels(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined {
  if (b === undefined || b.length === 0) return a;
  if (a === undefined || a.length === 0) return b;
  if (b.every((label) => a.includes(label))) return a;
  return Object.freeze([...new Set([...a, ...b])].sort());
}
