import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a webhook's timestamp and signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-brane-signature';

/**
 * The signature header of a webhook body: HMAC-SHA256, keyed with the shared secret, of `<timestamp>.<body>`.
 * The timestamp is signed with the body, so a receiver that refuses old timestamps refuses replays.
 *
 * @example
 * signWebhook(secret, body, Math.floor(Date.now() / 1000)); // 't=1767225600,v1=5d41…'
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver runs: whether `header` is a valid signature of `body` under `secret`, made at most
 * `toleranceSeconds` (default 300) from `nowSeconds`. Compares in constant time.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (match === null) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, timestamp));
  const actual = Buffer.from(header ?? '');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
