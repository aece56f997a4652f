import type { ApprovalRecord } from '../ApprovalRecord.js';

/** 2023-11-14T22:13:20.000Z, the `requestedAt` of {@link sampleApprovalRecord}. */
export const SAMPLE_REQUESTED_AT_MS = 1_700_000_000_000;

/**
 * A record as a store sees it, for store tests: stores never check seals, so any seal string will do.
 * Requested at {@link SAMPLE_REQUESTED_AT_MS}, pending, expiring an hour later.
 *
 * @example
 * await store.create(sampleApprovalRecord({ id: '01HZX0000000000000000000BB', tenantId: 'globex' }));
 */
export function sampleApprovalRecord(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id: '01HZX0000000000000000000AA',
    status: 'pending',
    capability: 'payments.refund',
    args: { customerId: 'cust_1', amount: 900 },
    tenantId: 'acme',
    principalId: 'user_7',
    environment: 'production',
    actionId: 'act_1',
    traceId: 'trace_1',
    policies: [{ name: 'refund-limit', version: '2' }],
    request: { approverGroups: ['finance-ops'], reason: 'Refund over 500', context: {}, distinctApprover: false },
    requestedAt: '2023-11-14T22:13:20.000Z',
    expiresAt: '2023-11-14T23:13:20.000Z',
    seal: 'seal-1',
    ...overrides,
  };
}
