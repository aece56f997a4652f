import { LIMIT_KEY_MAX_LENGTH } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const REFUSED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cs}]/u;

/**
 * `id`, when it is an action id every limit store keeps apart, as a limit's key: 1 to 256 characters, without control
 * characters (PostgreSQL refuses NUL) or lone surrogates (Redis and PostgreSQL store one as U+FFFD, so two ids would
 * be one there and two in memory). Anything else throws `INVALID_ARGUMENT` naming `where`.
 */
export function checkReservationId(id: unknown, where: string): string {
  if (typeof id === 'string' && id.length > 0 && id.length <= LIMIT_KEY_MAX_LENGTH && !REFUSED.test(id)) return id;
  throw new BraneError(
    'INVALID_ARGUMENT',
    `${where}: an action id must be a string of 1 to ${LIMIT_KEY_MAX_LENGTH} characters without control characters or lone surrogates (got ${describeValue(id)}${typeof id === 'string' ? `, ${id.length} characters` : ''})`,
  );
}
