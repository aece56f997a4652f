import { createHash } from 'node:crypto';

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
  return createHash('sha256').update(`${prev}\n{"event":${eventJson},"seq":${seq}}`).digest('hex');
}
