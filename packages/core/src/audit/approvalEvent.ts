import type { ApprovalRecord } from '@brane/approvals';
import type { ApprovalEvent } from '@brane/audit';
import { boundText } from '@brane/errors';

/** The audit event for something that happened to an approval, from its record. */
export function approvalEvent(type: ApprovalEvent['type'], record: ApprovalRecord): ApprovalEvent {
  const decision = record.decision;
  return {
    type,
    time: new Date().toISOString(),
    actionId: record.actionId,
    traceId: record.traceId,
    capability: record.capability,
    environment: record.environment,
    approvalId: record.id,
    approverGroups: record.request.approverGroups,
    expiresAt: record.expiresAt,
    ...(record.agentId === undefined ? {} : { agentId: record.agentId }),
    ...(record.tenantId === undefined ? {} : { tenantId: record.tenantId }),
    ...(record.principalId === undefined ? {} : { principalId: record.principalId }),
    ...(decision === undefined ? {} : { by: decision.by }),
    ...(decision?.comment === undefined ? {} : { comment: boundText(decision.comment) }),
    ...(record.withdrawal === undefined ? {} : { reason: boundText(record.withdrawal.reason) }),
  };
}
