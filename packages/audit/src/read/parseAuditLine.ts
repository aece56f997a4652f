import type { AuditRecord } from '../AuditRecord.js';
import { isCompactLine, parseCompactLine } from '../record/compactLine.js';

/**
 * The record on a line, if it has the shape of one; `prev` is the hash of the line before, for a compact line.
 *
 * @internal
 */
export function parseAuditLine(text: string, prev: string): AuditRecord | undefined {
  if (isCompactLine(text)) {
    const record = parseCompactLine(text);
    return typeof record === 'string' ? undefined : { seq: record.seq, prev, hash: record.hash, event: record.event };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = value as Partial<AuditRecord> | null;
  const event = record?.event as { type?: unknown } | null | undefined;
  const ok = typeof event === 'object' && event !== null && typeof event.type === 'string';
  return ok && typeof record?.seq === 'number' ? (record as AuditRecord) : undefined;
}
