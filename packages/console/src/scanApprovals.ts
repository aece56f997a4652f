import { approvalState, type ApprovalRecord, type ApprovalState } from '@brane/approvals';
import { BraneError } from '@brane/errors';
import type { ApprovalNotice } from './ApprovalNotice.js';
import type { ConsoleApprovals } from './ConsoleApprovals.js';
import type { OutboxScan } from './WebhookOutboxStore.js';

/**
 * A scan re-reads the requests made this long before the last scan started: a writer whose clock is behind, or
 * whose write landed late, is still seen. Notices are queued once by key, so reading a record twice is harmless.
 */
export const SCAN_OVERLAP_MS = 60_000;
const READ_PAGE = 250;

/** What a scan found: the notices to queue, and the approvals to start and stop watching. @internal */
export interface ScanResult {
  readonly notices: readonly ApprovalNotice[];
  readonly watch: readonly string[];
  readonly unwatch: readonly string[];
  /** Where the next scan starts reading requests: this scan's start less the overlap (the first scan: its start). */
  readonly position: number;
}

/**
 * Compares the store with the last scan. Every request made since the last scan (less the overlap) gives
 * `approval.requested`, and, if it already left the pending set, how it left: so a request made and decided
 * between two scans gets both notices. Every watched approval (pending at a scan) that is no longer pending gives
 * `approval.decided`, `approval.expired` or `approval.withdrawn`. The first scan (no position) only watches what
 * is pending: requests made before the console ever ran are not announced. `pending`: the pending records, if
 * the caller just read them (the inbox does).
 *
 * @internal
 */
export async function scanApprovals(
  approvals: ConsoleApprovals,
  scan: OutboxScan,
  nowMs: number,
  pending?: readonly ApprovalRecord[],
): Promise<ScanResult> {
  const pendingNow = pending ?? (await readAll(approvals, { state: 'pending' }));
  const pendingIds = new Set(pendingNow.map((record) => record.id));
  if (scan.position === undefined) return { notices: [], watch: [...pendingIds], unwatch: [], position: nowMs };
  const notices: ApprovalNotice[] = [];
  const watched = new Set(scan.watching);
  const watch: string[] = [];
  const unwatch: string[] = [];
  const seen = new Set<string>();
  const ended = (record: ApprovalRecord): void => {
    notices.push(...endNotices(record, approvalState(record, nowMs)));
    if (watched.has(record.id)) unwatch.push(record.id);
  };
  for (const record of await readAll(approvals, { since: scan.position })) {
    seen.add(record.id);
    notices.push({ type: 'approval.requested', record, state: 'pending' });
    if (pendingIds.has(record.id) || approvalState(record, nowMs) === 'pending') {
      if (!watched.has(record.id)) watch.push(record.id);
    } else ended(record);
  }
  for (const record of pendingNow) if (!watched.has(record.id) && !seen.has(record.id)) watch.push(record.id);
  for (const id of watched) {
    if (seen.has(id) || pendingIds.has(id)) continue;
    const record = await approvals
      .get(id)
      .catch((error: unknown) =>
        error instanceof BraneError && error.code === 'APPROVAL_NOT_FOUND' ? undefined : null,
      );
    if (record === undefined)
      unwatch.push(id); // gone from the store: nothing more to announce
    else if (record === null)
      continue; // unreadable now: the next scan asks again
    else if (approvalState(record, nowMs) === 'pending') continue;
    else ended(record);
  }
  return { notices, watch, unwatch, position: nowMs - SCAN_OVERLAP_MS };
}

/**
 * How a request that left the pending set ended: `approval.decided` when it has a decision (even if, approved but
 * unused, it has since expired: the decision is what happened), else `approval.expired` or `approval.withdrawn`.
 */
function endNotices(record: ApprovalRecord, state: ApprovalState): ApprovalNotice[] {
  if (record.decision !== undefined) return [{ type: 'approval.decided', record, state }];
  if (state === 'expired') return [{ type: 'approval.expired', record, state }];
  if (state === 'withdrawn') return [{ type: 'approval.withdrawn', record, state }];
  return [];
}

/** Every record matching `filter`, a page at a time, yielding to the event loop between pages. */
async function readAll(
  approvals: ConsoleApprovals,
  filter: { readonly state?: 'pending'; readonly since?: number },
): Promise<ApprovalRecord[]> {
  const records: ApprovalRecord[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await approvals.list({ ...filter, limit: READ_PAGE, cursor });
    records.push(...page);
    if (page.length < READ_PAGE) return records;
    cursor = page[page.length - 1]?.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
