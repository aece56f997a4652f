import type { ApprovalRecord, ApprovalState } from './ApprovalRecord.js';

/**
 * Which records {@link ApprovalService.list} and {@link ApprovalService.page} return: every given filter must
 * match. Records come by id (for ULIDs, oldest first).
 */
export interface ApprovalListFilter {
  readonly state?: ApprovalState | undefined;
  readonly capability?: string | undefined;
  readonly tenantId?: string | undefined;
  /** Only records requested at or after this instant: a `Date`, an ISO 8601 string or epoch milliseconds. */
  readonly since?: Date | string | number | undefined;
  /** At most this many records, 1 to 1,000. `page` defaults to 100; `list` without it returns every match. */
  readonly limit?: number | undefined;
  /** Continue after the page that returned this `nextCursor`. */
  readonly cursor?: string | undefined;
}

/** One page of approvals, and where the next one starts. */
export interface ApprovalPage {
  readonly records: ApprovalRecord[];
  /** Pass it as `cursor` for the next page; `undefined` on the last page. */
  readonly nextCursor: string | undefined;
}
