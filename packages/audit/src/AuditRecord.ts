import type { AuditEvent } from './AuditEvent.js';

/**
 * One record of a JSONL audit log. Records form a hash chain: each `hash` covers `prev` (the hash of the record
 * before, or {@link GENESIS_HASH} for the first), the `seq` and the event. In a line of format 3 (compact:
 * `{"v":3,"s":…,"h":…,…}`) `hash` is the SHA-256, base64url, of `prev`, a newline and the line without its `h`, and
 * `prev` is not written (it is the hash of the line before); in a line of formats 1 and 2
 * (`{"seq":…,"prev":…,"hash":…,"event":…}`) it is the SHA-256, hex, of `prev`, a newline and the canonical JSON
 * (sorted keys) of `{ seq, event }`. Editing, removing or reordering a record breaks the chain;
 * cutting records off the end is caught by the log's head file, which holds the last `seq` and `hash`.
 */
export interface AuditRecord {
  /** 1, 2, 3, ... with no gaps. */
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly event: AuditEvent;
}

/** The `prev` of the first record of a log. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The head file of a log (`<log>.head`), rewritten atomically after every write: the last record's `seq`
 * and `hash`, so that a log cut short is detected.
 */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  readonly updatedAt: string;
}
