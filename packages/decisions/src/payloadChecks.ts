import { BraneError, describeValue } from '@brane/errors';
import { isPlainObject } from './copyData.js';

/** Whether `value` is a plain object (its prototype is `Object.prototype` or `null`). */
export const isRecord = isPlainObject;

/** Whether `value` is a non-blank string. */
export function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The error for a payload field: `decision.approval.reason must say why ... (got ...)`. */
export function invalidField(field: string, problem: string, ...value: [unknown?]): BraneError {
  const got = value.length > 0 ? ` (got ${describeValue(value[0])})` : '';
  return new BraneError('INVALID_ARGUMENT', `${field} ${problem}${got}`, { details: { field } });
}

/** Throws unless every key of `value` is in `allowed`. */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], label: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw invalidField(
      label,
      `has unknown field(s) ${unknown.map((key) => `\`${key}\``).join(', ')}; expected ${allowed.join(', ')}`,
    );
  }
}
