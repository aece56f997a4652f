import { BraneError, describeValue } from '@brane/errors';
import { encodeTime } from 'ulid';

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES; // empty: the first id fills the pool
/** The largest time a ULID can encode: 48 bits of milliseconds. */
const MAX_TIME = 2 ** 48 - 1;

/** Crockford's base 32, the ULID alphabet. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The 16 random characters of a ULID (80 bits), from a pooled buffer of cryptographically secure bytes.
 * `ulid()` on its default source calls `getRandomValues` sixteen times per id (about 55 µs here); a pool
 * refilled 4 KiB at a time costs well under a microsecond. Each byte gives an unbiased character (`byte >> 3`).
 */
function randomPart(): string {
  if (offset > POOL_BYTES - 16) {
    globalThis.crypto.getRandomValues(pool);
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET.charAt((pool[offset++] as number) >> 3);
  return out;
}

/**
 * A new ULID: sortable by time, 80 random bits from a pooled CSPRNG. Shared by decisions and actions.
 *
 * @param seedTime the time component in epoch milliseconds (default: now); an integer from 0 to 2^48 - 1
 */
export function newUlid(seedTime: number = Date.now()): string {
  if (!Number.isInteger(seedTime) || seedTime < 0 || seedTime > MAX_TIME) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `newUlid: \`seedTime\` must be an integer number of milliseconds from 0 to 2^48 - 1 (got ${describeValue(seedTime)})`,
    );
  }
  return encodeTime(seedTime, 10) + randomPart();
}
