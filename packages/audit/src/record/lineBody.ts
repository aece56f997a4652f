import type { AuditEvent } from '../AuditEvent.js';
import { MAX_AUDIT_LINE_BYTES } from '../read/maxAuditLineBytes.js';
import { boundRecord } from './boundRecord.js';
import { compactBody } from './compactLine.js';

/** The most bytes of a compact line besides its body: `{"v":3,"s":<16 digits>,"h":"<43 characters>",` and `}`. */
const LINE_HEAD_BYTES = 80;
/** `"e":`, written before the JSON of an event the compact format writes whole. */
const WHOLE_EVENT_BYTES = 4;

/**
 * The compact line body of `event` (see `compactBody`), bounded so that its line is at most
 * `MAX_AUDIT_LINE_BYTES` long: one the readers read and `verifyAuditLog` checks. An event too large for it (an
 * argument of a hundred megabytes, or too long or too deeply nested to serialise at all) is written bounded (see
 * `boundRecord`): its largest values cut, with the marker of `boundText`, ` … [cut N characters]`.
 *
 * @internal
 */
export function lineBody(event: AuditEvent): string {
  const budget = MAX_AUDIT_LINE_BYTES - LINE_HEAD_BYTES;
  let body: string | undefined;
  try {
    body = compactBody(event);
  } catch (error) {
    // Too long for one string, or nested too deeply for `JSON.stringify`: bounded below.
    if (!(error instanceof RangeError)) throw error;
  }
  // A UTF-16 unit takes at most 3 bytes of UTF-8: a body this short fits without counting its bytes.
  if (body !== undefined && (body.length * 3 <= budget || Buffer.byteLength(body) <= budget)) return body;
  // The JSON of the bounded record takes at most this; its compact body is no longer, or `"e":` longer.
  return compactBody(boundRecord(event, budget - WHOLE_EVENT_BYTES) as unknown as AuditEvent);
}
