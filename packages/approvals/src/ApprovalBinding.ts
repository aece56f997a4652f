import { ApprovalError } from '@brane/errors';
import type { ApprovalRecord } from './ApprovalRecord.js';
import { ARGS_ENVELOPE, canonicalJson } from './canonicalJson.js';
import { requireObject, requireText } from './checkInput.js';

/**
 * The call an approval is about to be used for. A claim succeeds only if it is the call that was approved: same
 * capability, same arguments (as canonical JSON: key order does not matter), same tenant and principal.
 */
export interface ApprovalBinding {
  readonly capability: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** `undefined` matches only a record without a tenant. */
  readonly tenantId: string | undefined;
  /** `undefined` matches only a record without a principal. */
  readonly principalId: string | undefined;
}

/**
 * Throws an `APPROVAL_MISMATCH` {@link ApprovalError} naming the fields in which `binding` differs from `record`
 * (never their values, which may be sensitive). Non-JSON arguments are an `INVALID_ARGUMENT` error.
 */
export function assertBindingMatches(record: ApprovalRecord, binding: ApprovalBinding): void {
  const input = requireObject(binding, 'binding');
  const capability = requireText(input['capability'], 'binding.capability');
  const args = canonicalJson(requireObject(input['args'], 'binding.args'), 'binding.args', ARGS_ENVELOPE);
  const differing = [
    capability !== record.capability && 'capability',
    args !== canonicalJson(record.args, 'record.args', ARGS_ENVELOPE) && 'args',
    input['tenantId'] !== record.tenantId && 'tenantId',
    input['principalId'] !== record.principalId && 'principalId',
  ].filter((field) => field !== false);
  if (differing.length > 0) {
    const fields = differing.map((field) => `\`${field}\``).join(', ');
    throw new ApprovalError(
      'APPROVAL_MISMATCH',
      record.id,
      `Approval ${record.id} was given for another call: its ${fields} ${differing.length === 1 ? 'differs' : 'differ'} from this call's`,
      { details: { fields: differing } },
    );
  }
}
