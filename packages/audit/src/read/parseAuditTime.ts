import { BraneError, describeValue } from '@brane/errors';

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * Not public API (`@brane/audit/internal`). The instant of an ISO 8601 date or date-time (`2026-11-21`,
 * `2026-11-21T10:00`, `2026-11-21T10:00:00.250+02:00`; blanks around it ignored) in milliseconds since the epoch, or
 * `NaN` for anything else: a day that does not exist (`2026-02-30`), another format `Date.parse` would guess at
 * (`Nov 21 2026`, `2026/11/21`, `1`). A date, or a date-time without a zone, is UTC. The one parser of the `since` and
 * `until` of the audit readers, the PostgreSQL audit trail and the `brane audit` options.
 */
export function parseAuditTime(value: string): number {
  const text = value.trim();
  const match = ISO_TIME.exec(text);
  if (match === null) return NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const realDay = month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  const zoned = match[4] !== undefined || !text.includes('T') ? text : `${text}Z`;
  return realDay ? Date.parse(zoned) : NaN;
}

/**
 * Not public API (`@brane/audit/internal`). The instant of the `since` or `until` of a filter: a valid `Date` (of
 * any realm), or a string {@link parseAuditTime} reads; anything else is refused with `INVALID_ARGUMENT`, naming
 * `label` and the value.
 */
export function filterTime(value: unknown, label: string): number {
  // A `Date` of any realm (as under jest); `getTime` is NaN for an invalid one.
  const isDate = Object.prototype.toString.call(value) === '[object Date]';
  const time = isDate ? (value as Date).getTime() : typeof value === 'string' ? parseAuditTime(value) : NaN;
  if (Number.isNaN(time)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${label} must be a valid date: a Date, or an ISO 8601 date or date-time such as 2026-11-21 or 2026-11-21T10:00:00Z (got ${describeValue(value)})`,
    );
  }
  return time;
}
