import type { ApprovalRecord } from '@brane/approvals';
import type { InboxSnapshot } from './InboxIndex.js';

/** The inbox filters and page, as read from the query string; all optional. */
export interface InboxQuery {
  readonly capability?: string | undefined;
  readonly tenant?: string | undefined;
  readonly risk?: string | undefined;
  /** Only requests this group may decide (requests that name no group: anyone may). */
  readonly group?: string | undefined;
  /** `true`: only requests the signed-in person may decide. */
  readonly mine?: boolean | undefined;
  /** Continue after this id (the last of the previous page, newest first). */
  readonly before?: string | undefined;
}

/** One page of the inbox. */
export interface InboxPage {
  readonly records: readonly ApprovalRecord[];
  /** How many pending requests match the filters. */
  readonly matching: number;
  /** How many are pending in all. */
  readonly pending: number;
  /** The `before` of the next page; `undefined` on the last. */
  readonly nextBefore: string | undefined;
  /** The values the filters can take, from every pending request. */
  readonly choices: {
    readonly capabilities: string[];
    readonly tenants: string[];
    readonly risks: string[];
    readonly groups: string[];
  };
}

/** The inbox page size. */
export const INBOX_PAGE_SIZE = 50;
const FIELDS = ['capability', 'tenant', 'risk', 'group', 'before'] as const;

/** The {@link InboxQuery} of a query string: known fields only, each at most 256 characters. */
export function parseInboxQuery(params: Readonly<Record<string, string | undefined>>): InboxQuery {
  const query: Record<string, string | boolean> = {};
  for (const field of FIELDS) {
    const value = params[field];
    if (value !== undefined && value !== '' && value.length <= 256) query[field] = value;
  }
  if (params['mine'] === '1') query['mine'] = true;
  return query;
}

/** Whether `groups` may decide `record`: it names no group, or one of them. */
export function mayDecide(record: ApprovalRecord, groups: readonly string[]): boolean {
  const required = record.request.approverGroups;
  return required.length === 0 || required.some((group) => groups.includes(group));
}

/** The page of `snapshot` that `query` asks for, newest first, for a person in `groups`. */
export function inboxPage(snapshot: InboxSnapshot, query: InboxQuery, groups: readonly string[]): InboxPage {
  const { capability, tenant, risk, group, mine, before } = query;
  const matching = snapshot.records.filter(
    (record) =>
      (capability === undefined || record.capability === capability) &&
      (tenant === undefined || record.tenantId === tenant) &&
      (risk === undefined || (record.risk ?? 'unknown') === risk) &&
      (group === undefined || mayDecide(record, [group])) &&
      (mine !== true || mayDecide(record, groups)),
  );
  const start = before === undefined ? 0 : firstAfter(matching, before);
  const records = matching.slice(start, start + INBOX_PAGE_SIZE);
  const last = records[records.length - 1];
  return {
    records,
    matching: matching.length,
    pending: snapshot.records.length,
    nextBefore: start + INBOX_PAGE_SIZE < matching.length ? last?.id : undefined,
    choices: choices(snapshot.records),
  };
}

/** The index of the first record (ids descending) whose id sorts before `id`: a binary search. */
function firstAfter(records: readonly ApprovalRecord[], id: string): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((records[middle]?.id ?? '') >= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function choices(records: readonly ApprovalRecord[]): InboxPage['choices'] {
  const capabilities = new Set<string>();
  const tenants = new Set<string>();
  const risks = new Set<string>();
  const groups = new Set<string>();
  for (const record of records) {
    capabilities.add(record.capability);
    if (record.tenantId !== undefined) tenants.add(record.tenantId);
    risks.add(record.risk ?? 'unknown');
    for (const group of record.request.approverGroups) groups.add(group);
  }
  const sorted = (set: Set<string>): string[] => [...set].sort().slice(0, 500);
  return { capabilities: sorted(capabilities), tenants: sorted(tenants), risks: sorted(risks), groups: sorted(groups) };
}
