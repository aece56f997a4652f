import { BraneError, describeValue } from '@brane/errors';
import { configure } from 'safe-stable-stringify';
import type { AuditEvent } from './AuditEvent.js';
import { chainHash } from './chainHash.js';
import { NOT_PLAIN, sortedJsonCopy } from './sortedJsonCopy.js';

const stringify = configure({ deterministic: true, bigint: false, circularValue: '[Circular]' });
const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The canonical JSON of an event, as it is stored and hashed: keys sorted at every depth, no whitespace. Values
 * that JSON cannot hold are handled as `JSON.stringify` does (`undefined`, functions and symbols left out or
 * `null` in arrays, `NaN` as `null`, `toJSON` called), bigints are left out and a circular reference becomes
 * `"[Circular]"`, so that an event always has a record and the record always verifies. A `toJSON` may be called twice
 * for an event that is not plain data (a class instance, a `Map`, a cycle): once by the fast path, which gives up,
 * then by the general one, whose answer is kept.
 *
 * @example
 * canonicalEventJson({ type: 'action.created', args: { b: 1, a: 2 } } as AuditEvent) // '{"args":{"a":2,"b":1},"type":"action.created"}'
 */
export function canonicalEventJson(event: AuditEvent): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new BraneError('INVALID_ARGUMENT', `An audit event must be an object (got ${describeValue(event)})`);
  }
  // Plain data (nearly every event) goes through a sorted copy and the native writer, which gives the same text as
  // a flat string; anything else through the general serializer.
  const copied = sortedJsonCopy(event);
  const json = copied === NOT_PLAIN ? stringify(event) : JSON.stringify(copied);
  if (typeof json !== 'string') throw new BraneError('INVALID_ARGUMENT', 'An audit event could not be serialized');
  return json;
}

/**
 * The `hash` of the record `seq` of a log (see {@link AuditRecord}): the SHA-256, hex, of `prev`, a newline and the
 * canonical JSON of `{ seq, event }`.
 *
 * @param prev the hash of the record before, or `GENESIS_HASH` for `seq` 1
 * @example
 * hashRecord(GENESIS_HASH, 1, event) // '3f1c…' (64 hex digits)
 */
export function hashRecord(prev: string, seq: number, event: AuditEvent): string {
  if (typeof prev !== 'string' || !HASH_PATTERN.test(prev)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `hashRecord: \`prev\` must be 64 lowercase hex digits (got ${describeValue(prev)})`,
    );
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `hashRecord: \`seq\` must be a positive integer (got ${describeValue(seq)})`,
    );
  }
  return hashEventJson(prev, seq, canonicalEventJson(event));
}

/**
 * {@link hashRecord} from the event's canonical JSON, unchecked: `{"event":…,"seq":…}` is exactly the canonical JSON
 * of `{ seq, event }`, since `event` sorts before `seq`.
 *
 * @internal
 */
export function hashEventJson(prev: string, seq: number, eventJson: string): string {
  return chainHash(prev, seq, eventJson);
}

/**
 * The line of a record in a JSONL log, newline included: `{"seq":…,"prev":…,"hash":…,"event":…}`. A verified log
 * holds exactly these bytes, so any change to a line is caught, even one that JSON would read the same.
 *
 * @internal
 */
export function recordLine(seq: number, prev: string, hash: string, eventJson: string): string {
  return `{"seq":${seq},"prev":"${prev}","hash":"${hash}","event":${eventJson}}\n`;
}

/**
 * Whether `value` is a record hash: 64 lowercase hex digits.
 *
 * @internal
 */
export function isRecordHash(value: unknown): value is string {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}
