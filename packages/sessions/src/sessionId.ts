import { BraneError, describeValue } from '@brane/errors';

/** The longest session id, in UTF-16 code units: its keys and rows stay within what Redis and PostgreSQL index. */
export const SESSION_ID_MAX_LENGTH = 256;

/**
 * A session id as every store keeps it apart: 1 to {@link SESSION_ID_MAX_LENGTH} characters, no whitespace or
 * control character (PostgreSQL refuses NUL), no lone surrogate (Redis and PostgreSQL store one as U+FFFD, so
 * `a\uD800` and `a\uDC00` would be one session there and two in memory).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const REFUSED = /[\s\u0000-\u001f\u007f-\u009f\p{Cs}]/u;

/** Whether `value` is a session id every store keeps apart (see {@link checkSessionId}). */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= SESSION_ID_MAX_LENGTH && !REFUSED.test(value);
}

/**
 * `sessionId`, when it is a session id every store keeps apart: 1 to 256 characters, without whitespace, control
 * characters or lone surrogates. Anything else throws `INVALID_ARGUMENT` naming `where`.
 */
export function checkSessionId(sessionId: unknown, where: string): string {
  if (isSessionId(sessionId)) return sessionId;
  const length = typeof sessionId === 'string' ? `, ${sessionId.length} characters` : '';
  throw new BraneError(
    'INVALID_ARGUMENT',
    `${where}: a session id must be 1 to ${SESSION_ID_MAX_LENGTH} characters without whitespace, control characters or lone surrogates (got ${describeValue(typeof sessionId === 'string' ? sessionId.slice(0, 64) : sessionId)}${length})`,
  );
}
