import { parseAuditTime } from '@brane/audit/internal';
import { InvalidArgumentError } from 'commander';

/** Parses an option value that must be a positive integer (`-n 20`); commander reports anything else as usage. */
export function positiveInteger(value: string): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('Expected a positive integer.');
  return number;
}

/**
 * Parses an option value that must be an ISO 8601 date or date-time (`2026-11-21`, `2026-11-21T10:00:00Z`), and
 * returns it normalised (`2026-11-21T00:00:00.000Z`). A date, or a date-time without a zone, is read as UTC: the
 * parser of the audit readers' `since` and `until` (`parseAuditTime`), so the CLI and the library accept the same.
 */
export function isoTime(value: string): string {
  const ms = parseAuditTime(value);
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
