import type { ApprovalRecord, ApprovalState } from './ApprovalRecord.js';
import { approvalState } from './approvalState.js';
import { assertApprovalId } from './assertApprovalId.js';
import { invalidArgument, requireObject } from './checkInput.js';

/**
 * Which records {@link ApprovalStore.list} returns, and which page of them: every given filter must match, and
 * records come by id, ascending. Paging is a keyset: `cursor` is the id of the last record of the previous page,
 * so a page never repeats or skips a record that existed when the first page was read, however many records are
 * added or change state meanwhile.
 *
 * @example
 * await store.list({ state: 'pending', tenantId: 'acme', limit: 100 });
 * await store.list({ state: 'pending', tenantId: 'acme', limit: 100, cursor: lastIdOfThePreviousPage });
 */
export interface ApprovalQuery {
  /** Only records in this state at {@link now} (`expired`: a pending or approved record at or past `expiresAt`). */
  readonly state?: ApprovalState | undefined;
  /** The instant {@link state} is judged at, in epoch milliseconds. Default: the time of the call. */
  readonly now?: number | undefined;
  readonly capability?: string | undefined;
  readonly tenantId?: string | undefined;
  /** Only records requested at or after this instant, in epoch milliseconds. */
  readonly since?: number | undefined;
  /** Only records whose id sorts after this one (by code unit, as `<` compares strings). */
  readonly cursor?: string | undefined;
  /** At most this many records (a positive integer). Default: all. */
  readonly limit?: number | undefined;
}

/** An {@link ApprovalQuery} after {@link parseApprovalQuery}: valid, with `now` set. */
export type ParsedApprovalQuery = ApprovalQuery & { readonly now: number };

const STATES: readonly string[] = ['pending', 'approved', 'rejected', 'executing', 'completed', 'withdrawn', 'expired'];
const KEYS: ReadonlySet<string> = new Set(['state', 'now', 'capability', 'tenantId', 'since', 'cursor', 'limit']);

/**
 * Validates a store query, and returns it frozen with `now` set. A key it does not know (say `tenant` for
 * `tenantId`) is refused rather than ignored: an ignored filter would list another tenant's approvals.
 * Throws an `INVALID_ARGUMENT` `BraneError` naming the field.
 */
export function parseApprovalQuery(query: unknown = {}, label = 'query'): ParsedApprovalQuery {
  const fields = requireObject(query, label);
  for (const key of Object.keys(fields)) {
    if (!KEYS.has(key)) throw invalidArgument(`${label}.${key}`, `one of ${[...KEYS].join(', ')}`, key);
  }
  const { state, now = Date.now(), capability, tenantId, since, cursor, limit } = fields;
  if (state !== undefined && !STATES.includes(state as string)) {
    throw invalidArgument(`${label}.state`, STATES.join(', '), state);
  }
  if (!isInstant(now)) throw invalidArgument(`${label}.now`, 'a finite number of epoch milliseconds', now);
  if (since !== undefined && !isInstant(since)) {
    throw invalidArgument(`${label}.since`, 'a finite number of epoch milliseconds', since);
  }
  for (const [name, value] of [
    ['capability', capability],
    ['tenantId', tenantId],
  ] as const) {
    if (value !== undefined && typeof value !== 'string') throw invalidArgument(`${label}.${name}`, 'a string', value);
  }
  if (cursor !== undefined) assertApprovalId(cursor, `${label}.cursor`);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && (limit as number) > 0)) {
    throw invalidArgument(`${label}.limit`, 'a positive integer', limit);
  }
  return Object.freeze({ ...(fields as ApprovalQuery), now: now });
}

/**
 * Whether `record` is one {@link ApprovalStore.list} returns for `query` (ignoring `limit`), for stores that
 * filter in memory. A `requestedAt` that cannot be parsed is never `since` anything.
 */
export function approvalMatches(record: ApprovalRecord, query: ParsedApprovalQuery): boolean {
  const { state, now, capability, tenantId, since, cursor } = query;
  return (
    (cursor === undefined || record.id > cursor) &&
    (state === undefined || approvalState(record, now) === state) &&
    (capability === undefined || record.capability === capability) &&
    (tenantId === undefined || record.tenantId === tenantId) &&
    (since === undefined || Date.parse(record.requestedAt) >= since)
  );
}

/** Orders records by id, by code unit: the order of {@link ApprovalStore.list} and of its cursor. */
export function compareApprovalIds(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isInstant(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
