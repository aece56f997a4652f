import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;

/**
 * SHA-256, hex, of a UTF-8 string: `crypto.hash` (Node 20.12 and later; one call, about half the cost of a record's
 * hash object), or `createHash` where it is missing.
 */
const sha256Hex: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash: OneShotHash }).hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * The hash that chains record `seq` of an audit stream to the one before: the SHA-256, hex, of `prev`, a newline and
 * `{"event":<eventJson>,"seq":<seq>}` (the canonical JSON of `{ seq, event }`, since `event` sorts before `seq`).
 * Shared by every tamper-evident sink (the JSONL log, the PostgreSQL table), so that one verifier's rule holds for all.
 * Unchecked: `prev` must be 64 lowercase hex digits (`GENESIS_HASH` for `seq` 1) and `eventJson` the event's
 * `canonicalEventJson`.
 *
 * @example
 * chainHash(GENESIS_HASH, 1, canonicalEventJson(event)) // '3f1c…' (64 hex digits)
 */
export function chainHash(prev: string, seq: number, eventJson: string): string {
  return sha256Hex(`${prev}\n{"event":${eventJson},"seq":${seq}}`);
}
