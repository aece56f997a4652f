import { boundText } from '@brane/errors';
import type { ApprovalPolicyRef, UnsealedApprovalRecord } from './ApprovalRecord.js';
import { assertApprovalId } from './assertApprovalId.js';
import { ARGS_ENVELOPE, toJsonData } from './canonicalJson.js';
import { invalidArgument, optionalText, requireObject, requireText } from './checkInput.js';

/** What the runtime passes to `ApprovalService.request` to record an action that needs approval. */
export interface NewApproval {
  /** A ULID made by the runtime (stores accept `/^[0-9A-Za-z_-]{1,128}$/`). */
  readonly id: string;
  readonly capability: string;
  /** The capability's risk (`none` to `critical`), shown to approvers and filtered on by the console. Optional. */
  readonly risk?: string | undefined;
  /** The call's arguments by name: JSON data only (properties set to `undefined` are dropped). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly tenantId?: string | undefined;
  readonly principalId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly environment: string;
  readonly actionId: string;
  readonly traceId: string;
  /** The session the action belongs to: once approved, it runs in that session. */
  readonly sessionId?: string | undefined;
  /** The policies that asked for approval. */
  readonly policies: readonly { readonly name: string; readonly version?: string | undefined }[];
  readonly request: {
    readonly approverGroups: readonly string[];
    /** Shown to the approver; bounded (`boundText`) when stored. */
    readonly reason: string;
    /** Facts for the approver, JSON data. Default `{}`. */
    readonly context?: Readonly<Record<string, unknown>> | undefined;
    /** Default `false`. */
    readonly distinctApprover?: boolean | undefined;
  };
  /** How long the request stays open, in milliseconds: a positive number. */
  readonly expiresInMs: number;
}

/** The largest time a `Date` holds, in epoch milliseconds. */
const MAX_DATE_MS = 8.64e15;

/**
 * Checks `init` by hand (every field, with an `INVALID_ARGUMENT` error naming the one that is wrong) and builds
 * the pending record it describes, requested at `nowMs`. Arguments and context are copied as JSON data.
 */
export function pendingRecord(init: NewApproval, nowMs: number): UnsealedApprovalRecord {
  const input = requireObject(init, 'approval');
  const id = input['id'];
  assertApprovalId(id);
  const expiresInMs = input['expiresInMs'];
  if (typeof expiresInMs !== 'number' || !(expiresInMs > 0) || !(Math.abs(nowMs + expiresInMs) <= MAX_DATE_MS)) {
    throw invalidArgument('expiresInMs', 'a positive number of milliseconds', expiresInMs);
  }
  requireObject(input['args'], 'args');
  const tenantId = optionalText(input['tenantId'], 'tenantId');
  const principalId = optionalText(input['principalId'], 'principalId');
  const agentId = optionalText(input['agentId'], 'agentId');
  const sessionId = optionalText(input['sessionId'], 'sessionId');
  const risk = optionalText(input['risk'], 'risk');
  return {
    id,
    status: 'pending',
    capability: requireText(input['capability'], 'capability'),
    ...(risk === undefined ? {} : { risk }),
    args: toJsonData(input['args'], 'args', ARGS_ENVELOPE) as Record<string, unknown>,
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(principalId === undefined ? {} : { principalId }),
    ...(agentId === undefined ? {} : { agentId }),
    environment: requireText(input['environment'], 'environment'),
    actionId: requireText(input['actionId'], 'actionId'),
    traceId: requireText(input['traceId'], 'traceId'),
    ...(sessionId === undefined ? {} : { sessionId }),
    policies: policyRefs(input['policies']),
    request: requestDetails(input['request']),
    requestedAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + expiresInMs).toISOString(),
  };
}

function policyRefs(value: unknown): ApprovalPolicyRef[] {
  if (!Array.isArray(value)) throw invalidArgument('policies', 'an array of { name, version? }', value);
  return value.map((item: unknown, i) => {
    const ref = requireObject(item, `policies[${i}]`);
    const name = requireText(ref['name'], `policies[${i}].name`);
    const version = ref['version'];
    if (version !== undefined && typeof version !== 'string') {
      throw invalidArgument(`policies[${i}].version`, 'a string or undefined', version);
    }
    return version === undefined ? { name } : { name, version };
  });
}

function requestDetails(value: unknown): UnsealedApprovalRecord['request'] {
  const request = requireObject(value, 'request');
  const groups = request['approverGroups'];
  if (!Array.isArray(groups)) throw invalidArgument('request.approverGroups', 'an array of group names', groups);
  const approverGroups = groups.map((group: unknown, i) => requireText(group, `request.approverGroups[${i}]`));
  const reason = request['reason'];
  if (typeof reason !== 'string') throw invalidArgument('request.reason', 'a string', reason);
  const context = request['context'] ?? {};
  requireObject(context, 'request.context');
  const distinctApprover = request['distinctApprover'] ?? false;
  if (typeof distinctApprover !== 'boolean') {
    throw invalidArgument('request.distinctApprover', 'a boolean', distinctApprover);
  }
  return {
    approverGroups,
    reason: boundText(reason),
    context: toJsonData(context, 'request.context') as Record<string, unknown>,
    distinctApprover,
  };
}
