import type { ApprovalService } from '@brane/approvals';

/** Other pending requests, so that the inbox looks like a working day. */
export async function seedInbox(service: ApprovalService): Promise<void> {
  const seeds: [string, string, string, Record<string, unknown>, string, string][] = [
    [
      'crm.delete_contact',
      'medium',
      'globex',
      { contactId: 'ct_8812' },
      'support-leads',
      'Deleting a customer record needs a lead',
    ],
    [
      'payments.refund',
      'high',
      'initech',
      { customerId: 'cust_77', amountUsd: 4_800 },
      'finance',
      'Refund of $4800 exceeds the $1000 limit',
    ],
    [
      'github.merge_pr',
      'critical',
      'acme',
      { repo: 'billing', pr: 1422 },
      'on-call',
      'Merging to main in prod needs on-call',
    ],
    [
      'email.send_bulk',
      'low',
      'globex',
      { segment: 'trial-users', count: 5_400 },
      'support-leads',
      'Bulk email over 1000 recipients',
    ],
  ];
  for (const [i, [capability, risk, tenantId, args, group, reason]] of seeds.entries()) {
    await service.request({
      id: `01JSEED00000000000000000${i}`,
      capability,
      risk,
      args,
      tenantId,
      principalId: `rep-${10 + i}`,
      agentId: 'support-agent',
      environment: 'prod',
      actionId: `act_seed_${i}`,
      traceId: `trace_seed_${i}`,
      policies: [{ name: `${capability.split('.')[0] ?? 'policy'}_guard`, version: '1.3' }],
      request: { approverGroups: [group], reason },
      expiresInMs: (i + 2) * 3_600_000,
    });
  }
}
