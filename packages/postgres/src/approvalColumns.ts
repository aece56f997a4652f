import type { ApprovalRecord } from '@brane/approvals';
import { ApprovalError } from '@brane/errors';

/**
 * The columns `list` filters on, copied from `record`: status, capability, tenant_id, requested_ms, expires_ms.
 * A field of the wrong type becomes NULL (so it never matches a filter, as in the other stores), and a time
 * that `Date.parse` cannot read too: a pending record with no readable `expiresAt` is expired, as
 * `approvalState` judges it.
 */
export function approvalColumns(
  record: ApprovalRecord,
): [string | null, string | null, string | null, number | null, number | null] {
  return [
    text(record, 'status'),
    text(record, 'capability'),
    text(record, 'tenantId'),
    instant(record.requestedAt),
    instant(record.expiresAt),
  ];
}

function text(record: ApprovalRecord, field: 'status' | 'capability' | 'tenantId'): string | null {
  const value: unknown = record[field];
  if (typeof value !== 'string') return null;
  if (value.includes('\u0000')) {
    // PostgreSQL text cannot hold U+0000; `body` (JSON, where it is escaped) could, but the column cannot.
    throw new ApprovalError(
      'APPROVAL_STORE_FAILED',
      record.id,
      `Approval ${record.id} cannot be stored in PostgreSQL: its \`${field}\` contains U+0000, which a text column cannot hold`,
      { details: { field } },
    );
  }
  return value;
}

function instant(value: unknown): number | null {
  const ms = Date.parse(value as string);
  return Number.isFinite(ms) ? ms : null;
}
