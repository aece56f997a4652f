import { parseApprovalQuery, type ParsedApprovalQuery } from './ApprovalQuery.js';
import { invalidArgument, requireObject } from './checkInput.js';

/** The largest page `ApprovalService.list` and `page` return. */
export const MAX_LIMIT = 1000;
const FILTER_KEYS: ReadonlySet<string> = new Set(['state', 'capability', 'tenantId', 'since', 'limit', 'cursor']);

/**
 * The store query for an `ApprovalListFilter`, judged at `now`: validated, `since` as epoch milliseconds.
 * Unknown keys are refused (an ignored `tenant` filter would list every tenant's approvals).
 */
export function listQuery(filter: unknown, now: number): ParsedApprovalQuery {
  const fields = requireObject(filter, 'filter');
  for (const key of Object.keys(fields)) {
    if (!FILTER_KEYS.has(key)) throw invalidArgument(`filter.${key}`, `one of ${[...FILTER_KEYS].join(', ')}`, key);
  }
  const { since, limit } = fields;
  if (
    limit !== undefined &&
    !(Number.isSafeInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_LIMIT)
  ) {
    throw invalidArgument('filter.limit', `an integer from 1 to ${MAX_LIMIT}`, limit);
  }
  return parseApprovalQuery({ ...fields, since: since === undefined ? undefined : instant(since), now }, 'filter');
}

/** Epoch milliseconds of a `Date`, an ISO 8601 string or a number; throws `INVALID_ARGUMENT` if it is none. */
function instant(value: unknown): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : (value as number);
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw invalidArgument('filter.since', 'a Date, an ISO 8601 date or epoch milliseconds', value);
  }
  return ms;
}
