import { boundText } from '@brane/errors';
import { DEFAULT_APPROVAL_EXPIRY_MS, type ApprovalRequest } from './ApprovalRequest.js';
import { frozenData } from './frozenData.js';
import { checkKeys, invalidField, isName, isRecord } from './payloadChecks.js';
import type { PolicyRef } from './PolicyRef.js';

const MAX_EXPIRY_MS = 366 * 24 * 3_600_000;
const APPROVAL_FIELDS = [
  'approverGroup',
  'approverGroups',
  'reason',
  'expiresInMs',
  'expiresInMinutes',
  'context',
  'distinctApprover',
  'requestedBy',
];

/**
 * Validates an approval payload and returns it as a frozen {@link ApprovalRequest}. Accepts either the
 * request itself (`approverGroups`, ...) or what a policy writes (`approverGroup`, `expiresInMinutes`,
 * as in the Python docs' `approver_group` and `expiration_minutes`).
 */
export function normalizeApproval(value: unknown, reason: string | undefined, label: string): ApprovalRequest {
  if (!isRecord(value)) throw invalidField(label, 'must be a plain object', value);
  checkKeys(value, APPROVAL_FIELDS, label);
  const groups = approverGroups(value, label);
  const text = value['reason'] === undefined ? reason : value['reason'];
  if (typeof text !== 'string' || text.trim() === '') {
    throw invalidField(`${label}.reason`, 'must say why approval is needed', text);
  }
  const context = value['context'] === undefined ? {} : value['context'];
  if (!isRecord(context)) throw invalidField(`${label}.context`, 'must be a plain object', context);
  const distinct = value['distinctApprover'] === undefined ? false : value['distinctApprover'];
  if (typeof distinct !== 'boolean') throw invalidField(`${label}.distinctApprover`, 'must be a boolean', distinct);
  return Object.freeze({
    approverGroups: Object.freeze([...new Set(groups)]),
    reason: boundText(text),
    expiresInMs: expiry(value, label),
    context: frozenData(context, `${label}.context`),
    distinctApprover: distinct,
    requestedBy: requestedBy(value['requestedBy'], label),
  });
}

/** One group (`approverGroup`) or several (`approverGroups`), never both; each a non-blank name. */
function approverGroups(value: Record<string, unknown>, label: string): readonly string[] {
  if (value['approverGroup'] !== undefined && value['approverGroups'] !== undefined) {
    throw invalidField(label, 'takes one of `approverGroup` and `approverGroups`, not both');
  }
  if (value['approverGroups'] === undefined) {
    const group = value['approverGroup'];
    if (!isName(group)) {
      throw invalidField(`${label}.approverGroup`, 'must be a non-empty group name, such as `finance-ops`', group);
    }
    return [group];
  }
  const groups = value['approverGroups'];
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every(isName)) {
    throw invalidField(`${label}.approverGroups`, 'must be a non-empty list of group names', groups);
  }
  return groups;
}

function expiry(value: Record<string, unknown>, label: string): number {
  const hasMs = value['expiresInMs'] !== undefined;
  const hasMinutes = value['expiresInMinutes'] !== undefined;
  if (hasMs && hasMinutes) {
    throw invalidField(label, 'takes one of `expiresInMs` and `expiresInMinutes`, not both');
  }
  if (!hasMs && !hasMinutes) return DEFAULT_APPROVAL_EXPIRY_MS;
  const field = hasMinutes ? 'expiresInMinutes' : 'expiresInMs';
  const given = value[field];
  const result = typeof given === 'number' ? (hasMinutes ? given * 60_000 : given) : Number.NaN;
  if (!Number.isInteger(result) || result <= 0 || result > MAX_EXPIRY_MS) {
    throw invalidField(`${label}.${field}`, 'must be a positive whole duration of at most a year', given);
  }
  return result;
}

function requestedBy(value: unknown, label: string): readonly PolicyRef[] {
  if (value === undefined) return Object.freeze([]);
  const valid =
    Array.isArray(value) &&
    value.every(
      (ref) =>
        isRecord(ref) && isName(ref['name']) && (ref['version'] === undefined || typeof ref['version'] === 'string'),
    );
  if (!valid) throw invalidField(`${label}.requestedBy`, 'must be a list of `{ name, version }`', value);
  return Object.freeze(
    (value as { name: string; version?: string }[]).map((ref) =>
      Object.freeze({ name: ref.name, version: ref.version }),
    ),
  );
}
