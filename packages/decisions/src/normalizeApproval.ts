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
  const groups =
    value['approverGroups'] ?? (value['approverGroup'] === undefined ? undefined : [value['approverGroup']]);
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every(isName)) {
    throw invalidField(`${label}.approverGroup`, 'must be a non-empty group name, such as `finance-ops`', groups);
  }
  const text = value['reason'] ?? reason;
  if (typeof text !== 'string' || text.trim() === '') {
    throw invalidField(`${label}.reason`, 'must say why approval is needed', text);
  }
  const context = value['context'] ?? {};
  if (!isRecord(context)) throw invalidField(`${label}.context`, 'must be a plain object', context);
  const distinct = value['distinctApprover'] ?? false;
  if (typeof distinct !== 'boolean') throw invalidField(`${label}.distinctApprover`, 'must be a boolean', distinct);
  return Object.freeze({
    approverGroups: Object.freeze([...new Set(groups)]),
    reason: text,
    expiresInMs: expiry(value, label),
    context: frozenData(context, `${label}.context`),
    distinctApprover: distinct,
    requestedBy: requestedBy(value['requestedBy'], label),
  });
}

function expiry(value: Record<string, unknown>, label: string): number {
  const ms = value['expiresInMs'];
  const minutes = value['expiresInMinutes'];
  if (ms !== undefined && minutes !== undefined) {
    throw invalidField(label, 'takes one of `expiresInMs` and `expiresInMinutes`, not both');
  }
  const result = minutes === undefined ? (ms ?? DEFAULT_APPROVAL_EXPIRY_MS) : Number(minutes) * 60_000;
  if (typeof result !== 'number' || !Number.isInteger(result) || result <= 0 || result > MAX_EXPIRY_MS) {
    const field = minutes === undefined ? 'expiresInMs' : 'expiresInMinutes';
    throw invalidField(`${label}.${field}`, 'must be a positive whole duration of at most a year', ms ?? minutes);
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
