import { boundText } from '@brane/errors';
import type { ApprovalRequest } from './ApprovalRequest.js';
import type { PolicyRef } from './PolicyRef.js';

/**
 * Merges two approval requests into one: any of the approver groups may approve, the shortest expiry
 * wins, the principal is barred if either bars them, and every asking policy is recorded (its context kept
 * under its name).
 */
export function mergeApprovals(a: ApprovalRequest, b: ApprovalRequest): ApprovalRequest {
  const requestedBy = unique([...a.requestedBy, ...b.requestedBy]);
  return Object.freeze({
    approverGroups: Object.freeze([...new Set([...a.approverGroups, ...b.approverGroups])]),
    reason: a.reason === b.reason ? a.reason : boundText(`${a.reason}; ${b.reason}`),
    expiresInMs: Math.min(a.expiresInMs, b.expiresInMs),
    context: Object.freeze(
      requestedBy.length <= 1 ? { ...a.context, ...b.context } : { ...contextByPolicy(a), ...contextByPolicy(b) },
    ),
    distinctApprover: a.distinctApprover || b.distinctApprover,
    requestedBy,
  });
}

/** A request's context keyed by the policy that asked, unless it is already a merged one. */
function contextByPolicy(request: ApprovalRequest): Readonly<Record<string, unknown>> {
  if (request.requestedBy.length !== 1) return request.context;
  return { [(request.requestedBy[0] as PolicyRef).name]: request.context };
}

function unique(refs: readonly PolicyRef[]): readonly PolicyRef[] {
  const seen = new Map<string, PolicyRef>();
  for (const ref of refs) seen.set(`${ref.name}@${ref.version ?? ''}`, ref);
  return Object.freeze([...seen.values()]);
}
