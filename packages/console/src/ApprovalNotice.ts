import type { ApprovalRecord, ApprovalState } from '@brane/approvals';

/** What happened to an approval, as the console's live updates and webhooks announce it. */
export type ApprovalNoticeType = 'approval.requested' | 'approval.decided' | 'approval.expired' | 'approval.withdrawn';

/** One change the console saw in the store (made by it, a CLI or another console alike). */
export interface ApprovalNotice {
  readonly type: ApprovalNoticeType;
  readonly record: ApprovalRecord;
  /** The record's state when the change was seen. */
  readonly state: ApprovalState;
}

/** The notice for a record that left the pending set in `state`, if that is one worth announcing. */
export function noticeForLeaving(record: ApprovalRecord, state: ApprovalState): ApprovalNotice | undefined {
  if (state === 'expired') return { type: 'approval.expired', record, state };
  if (state === 'withdrawn') return { type: 'approval.withdrawn', record, state };
  if (record.decision !== undefined) return { type: 'approval.decided', record, state };
  return undefined;
}
