import { ApprovalError } from '@brane/errors';
import type { ApprovalRecord } from './ApprovalRecord.js';

/** The identity a call runs under, as far as an approval is bound to it. */
export interface RequestingIdentity {
  readonly tenantId: string | undefined;
  readonly principalId: string | undefined;
}

/**
 * Throws an `APPROVAL_MISMATCH` {@link ApprovalError} unless `record` was requested by `identity`: the same tenant
 * and principal (`undefined` matches only a record without one). The error names the differing fields, never
 * their values: the other identity is none of the caller's business. Adapters check it before they show, decide
 * or resume an approval linked to a framework's tool call, whose id a model or a client may have chosen.
 *
 * @example
 * assertRequestedBy(await runtime.approvals.get(link.approvalId), runtime.identity);
 */
export function assertRequestedBy(record: ApprovalRecord, identity: RequestingIdentity): void {
  const differing = [
    record.tenantId !== identity.tenantId && 'tenantId',
    record.principalId !== identity.principalId && 'principalId',
  ].filter((field) => field !== false);
  if (differing.length === 0) return;
  throw new ApprovalError(
    'APPROVAL_MISMATCH',
    record.id,
    `Approval ${record.id} was requested under another identity: its ${differing.map((field) => `\`${field}\``).join(' and ')} ${differing.length === 1 ? 'differs' : 'differ'} from this call's`,
    { details: { fields: differing } },
  );
}
