import type { AuditEvent } from '../AuditEvent.js';
import { canonicalEventJson, isRecordHash } from '../hashRecord.js';
import { isObject } from './isObject.js';

/** A record of a line of format 1 or 2 (`{"seq","prev","hash","event"}`). @internal */
export interface ParsedRecord {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly event: AuditEvent;
  /** The canonical JSON of `event`, which its hash covers. */
  readonly eventJson: string;
}

/** The record on a line of format 1 or 2, or why it is not one. @internal */
export function parseRecordLine(text: string): ParsedRecord | string {
  if (text === '') return 'The line is empty';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The line is not JSON';
  }
  if (!isObject(value)) return 'The line is not a record: not a JSON object';
  const { seq, prev, hash, event } = value;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return 'The line is not a record: no positive integer `seq`';
  if (!isRecordHash(prev)) return 'The line is not a record: `prev` is not a SHA-256 hash';
  if (!isRecordHash(hash)) return 'The line is not a record: `hash` is not a SHA-256 hash';
  if (!isObject(event)) return 'The line is not a record: `event` is not an object';
  let eventJson: string;
  try {
    eventJson = canonicalEventJson(event as unknown as AuditEvent);
  } catch (error) {
    // JSON.parse reads any depth; the canonical JSON recurses. A sink, which writes through it, wrote no such line.
    if (error instanceof RangeError) return 'The line is not a record: its `event` is nested too deeply to check';
    throw error;
  }
  return { seq: seq as number, prev, hash, event: event as unknown as AuditEvent, eventJson };
}
