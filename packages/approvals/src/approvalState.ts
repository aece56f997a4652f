import type { ApprovalRecord, ApprovalState } from './ApprovalRecord.js';

/**
 * What an approval is at `nowMs`: a `pending` or `approved` record whose `expiresAt` is at or before `nowMs` is
 * `expired` (so is one whose `expiresAt` cannot be read: fail closed); any other record is its stored status.
 *
 * @example
 * approvalState(record, Date.now()) // 'approved', or 'expired' once record.expiresAt has passed
 */
export function approvalState(record: ApprovalRecord, nowMs: number): ApprovalState {
  if (record.status !== 'pending' && record.status !== 'approved') return record.status;
  return Date.parse(record.expiresAt) > nowMs ? record.status : 'expired';
}
