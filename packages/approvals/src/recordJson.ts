import { ApprovalError, BraneError, describeValue } from '@brane/errors';
import type { ApprovalRecord } from './ApprovalRecord.js';
import { assertApprovalId } from './assertApprovalId.js';
import { RECORD_ENVELOPE, canonicalJson } from './canonicalJson.js';

/**
 * The JSON a store keeps for `record`, after checking what a store relies on: a plain object with a valid `id` and
 * a string `seal`, made of JSON data. Nothing else about the record is interpreted.
 */
export function recordToJson(record: ApprovalRecord): string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new BraneError('INVALID_ARGUMENT', `\`record\` must be an approval record (got ${describeValue(record)})`);
  }
  assertApprovalId(record.id, 'record.id');
  if (typeof record.seal !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `\`record.seal\` must be a string (got ${describeValue(record.seal)}): stores keep sealed records only`,
      { details: { approvalId: record.id } },
    );
  }
  return canonicalJson(record, 'record', RECORD_ENVELOPE);
}

/** Parses what a store kept for `id`; text that is not a JSON object was not written by a store: `APPROVAL_TAMPERED`. */
export function recordFromJson(id: string, text: string): ApprovalRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApprovalError('APPROVAL_TAMPERED', id, `Approval ${id} is stored as invalid JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApprovalError(
      'APPROVAL_TAMPERED',
      id,
      `Approval ${id} is stored as ${describeValue(parsed)}, not a record`,
    );
  }
  return parsed as ApprovalRecord;
}

/** Whether the stored JSON text of a record carries `expectedSeal` (the compare of compare-and-set). */
export function hasSeal(id: string, text: string, expectedSeal: string): boolean {
  return recordFromJson(id, text).seal === expectedSeal;
}

/** Throws an `INVALID_ARGUMENT` error unless `expectedSeal` is a string. */
export function assertExpectedSeal(expectedSeal: unknown): asserts expectedSeal is string {
  if (typeof expectedSeal !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `\`expectedSeal\` must be the seal of the stored record, a string (got ${describeValue(expectedSeal)})`,
    );
  }
}
