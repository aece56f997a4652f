import { InvalidArgumentError } from 'commander';

/** Parses an option value that must be a positive integer (`-n 20`); commander reports anything else as usage. */
export function positiveInteger(value: string): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('Expected a positive integer.');
  return number;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * Parses an option value that must be an ISO 8601 date or date-time (`2026-11-21`, `2026-11-21T10:00:00Z`), and
 * returns it normalised (`2026-11-21T00:00:00.000Z`). A date, or a date-time without a zone, is read as UTC.
 */
export function isoTime(value: string): string {
  const text = value.trim();
  const match = ISO_TIME.exec(text);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const realDay = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  const zoned = match === null || match[4] !== undefined || !text.includes('T') ? text : `${text}Z`;
  const ms = realDay ? Date.parse(zoned) : NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError('Expected an ISO 8601 date or date-time, such as 2026-11-21T10:00:00Z.');
  }
  return new Date(ms).toISOString();
}

/** Parses an option value that must not be blank (`--approver maria@finance`); returns it trimmed. */
export function nonBlank(value: string): string {
  const text = value.trim();
  if (text === '') throw new InvalidArgumentError('Expected a non-empty value.');
  return text;
}
