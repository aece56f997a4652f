import type { ApprovalRecord } from '@brane/approvals';
import { summarizeApproval, timeLeft } from '@brane/console';
import { policyLabel } from '../src/summarizeApproval';

const record = {
  id: '01J1',
  status: 'pending',
  capability: 'payments.refund',
  risk: 'high',
  args: { amountUsd: 25_000, customerId: 'c1', note: 'n', extra: true },
  tenantId: 'acme',
  agentId: 'support-agent',
  environment: 'prod',
  actionId: 'a',
  traceId: 't',
  policies: [{ name: 'refund_limit', version: '1.0' }, { name: 'fraud' }],
  request: { approverGroups: ['finance'], reason: 'Over the limit', context: {}, distinctApprover: false },
  requestedAt: '2026-12-06T09:00:00.000Z',
  expiresAt: '2026-12-06T10:00:00.000Z',
  seal: 'x',
} satisfies ApprovalRecord;

describe('summarizeApproval', () => {
  it('says who wants what, with the first arguments and the asking policies', () => {
    expect(summarizeApproval(record)).toBe(
      'support-agent wants payments.refund (risk high) for tenant acme with amountUsd=25000, customerId="c1", note="n" and 1 more: refund_limit@1.0, fraud asks: Over the limit',
    );
  });

  it('stays one short line whatever the agent passed', () => {
    const hostile = {
      ...record,
      agentId: 'a\n'.repeat(500),
      args: { ['k'.repeat(500)]: 'v\u202E'.repeat(500) },
      request: { ...record.request, reason: 'r'.repeat(10_000) },
    };
    const sentence = summarizeApproval(hostile);
    expect(sentence.length).toBeLessThan(800);
    expect(sentence).not.toMatch(/[\n\u202E]/);
  });

  it('names a policy with its version when it has one', () => {
    expect(policyLabel({ name: 'p', version: '2' })).toBe('p@2');
    expect(policyLabel({ name: 'p' })).toBe('p');
  });
});

describe('timeLeft', () => {
  const now = Date.parse('2026-12-06T09:00:00Z');
  it.each([
    ['2026-12-06T09:00:30Z', 'in 1 min'],
    ['2026-12-06T09:59:00Z', 'in 59 min'],
    ['2026-12-06T11:05:00Z', 'in 2 h 5 min'],
    ['2026-12-10T09:00:00Z', 'in 4 days'],
    ['2026-12-06T09:00:00Z', 'expired'],
    ['garbage', 'expired'],
  ])('until %s: %s', (expiresAt, shown) => {
    expect(timeLeft(expiresAt, now)).toBe(shown);
  });
});
