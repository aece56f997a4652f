import type { ApprovalRecord, ApprovalService } from '@brane/approvals';

/** Asks `service` for approval of a bare refund with id `id` (action and trace ids too): what webhook tests announce. */
export function requestRefund(service: ApprovalService, id: string, expiresInMs = 60_000): Promise<ApprovalRecord> {
  return service.request({
    id,
    capability: 'payments.refund',
    args: {},
    environment: 'prod',
    actionId: id,
    traceId: id,
    policies: [],
    request: { approverGroups: [], reason: 'r' },
    expiresInMs,
  });
}
