import type { AuditEvent } from '@brane/audit';
import { describeAuditEvent, formatAuditEvents } from '../src/formatAuditEvent';
import { allowedSearch, deniedRefund } from './fixtures/auditEvents';

const base = {
  time: '2026-11-21T10:00:00.000Z',
  actionId: 'a1',
  traceId: 't1',
  capability: 'refund',
  environment: 'prod',
};

describe('describeAuditEvent', () => {
  it.each<[string, AuditEvent, string]>([
    [
      'a created action',
      {
        ...base,
        type: 'action.created',
        risk: 'high',
        capabilityType: 'tool',
        tenantId: 'acme',
        principalId: 'u7',
        args: { amountUsd: 349 },
      },
      'high-risk tool for acme/u7 {"amountUsd":349}',
    ],
    [
      'long arguments, cut',
      { ...base, type: 'action.created', risk: 'low', capabilityType: 'model', args: { prompt: 'x'.repeat(200) } },
      `low-risk model {"prompt":"${'x'.repeat(66)}...`,
    ],
    [
      'a shadow policy that failed',
      {
        ...base,
        type: 'policy.evaluated',
        stage: 'before',
        policyName: 'trial',
        decision: { type: 'deny', decisionId: 'd', reason: 'Policy threw' },
        durationMs: 1234.5,
        enforced: false,
        failure: 'POLICY_ERROR',
      },
      'before trial -> deny: Policy threw (1235 ms, shadow, POLICY_ERROR)',
    ],
    [
      'an enforced decision marked for review',
      {
        ...base,
        type: 'decision.enforced',
        stage: 'after',
        decision: { type: 'log_only', decisionId: 'd', reason: '' },
        markedForReview: true,
      },
      'after -> log_only (marked for review)',
    ],
    [
      'an execution that threw',
      { ...base, type: 'action.executed', durationMs: 3, error: { name: 'TypeError', message: 'boom' } },
      'threw TypeError: boom (3.00 ms)',
    ],
    [
      'an action that needs approval',
      {
        ...base,
        type: 'action.completed',
        outcome: 'approval_required',
        stage: 'before',
        reason: 'Over 100',
        approvalId: 'ap1',
      },
      'approval_required (before): Over 100 [approval ap1]',
    ],
    [
      'an approval request',
      {
        ...base,
        type: 'approval.requested',
        approvalId: 'ap1',
        approverGroups: ['finance-ops'],
        expiresAt: '2026-11-21T11:00:00.000Z',
      },
      'approval ap1 for finance-ops expires 2026-11-21T11:00:00.000Z',
    ],
    [
      'an approval',
      { ...base, type: 'approval.approved', approvalId: 'ap1', by: 'maria', comment: 'Known customer' },
      'approval ap1 by maria "Known customer"',
    ],
  ])('describes %s', (_, event, expected) => {
    expect(describeAuditEvent(event)).toBe(expected);
  });
});

describe('formatAuditEvents', () => {
  it('prints one aligned line per event', () => {
    const lines = formatAuditEvents([...deniedRefund(), ...allowedSearch()]).split('\n');

    expect(lines[0]).toMatch(/^TIME {22}TYPE {15}CAPABILITY {7}ACTION {22}DETAIL$/);
    expect(lines[4]).toBe(
      '2026-11-21T10:00:00.000Z  action.completed   refund_customer  01JD0000000000000000000001  denied (before): Refund exceeds the limit',
    );
    expect(lines[7]).toMatch(/action\.executed +search_docs +\S+ +ran in 12 ms$/);
    expect(lines).toHaveLength(9);
  });
});

describe('formatAuditEvents on events of the wrong shape (a log is hostile input)', () => {
  const depth = 100_000;
  const nested = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

  it.each<[string, { readonly type: string; readonly [field: string]: unknown }]>([
    ['an action record with no fields', { type: 'action' }],
    ['an action record with lists that are not lists', { type: 'action', decisions: 5, policies: 'x' }],
    ['an approval event without its id', { type: 'approval.requested' }],
    ['a created action without its fields', { type: 'action.created', args: 1 }],
    ['a policy evaluated without its decision', { type: 'policy.evaluated' }],
    ['an executed action whose error is a number', { type: 'action.executed', error: 5 }],
    ['approver groups that are not a list', { type: 'approval.approved', approverGroups: 'x', approvalId: 'ap' }],
    ['cells that are not strings', { ...base, type: 'action.created', time: 5, capability: { a: 1 }, actionId: null }],
    ['arguments nested deeper than a stack', { ...base, type: 'action.created', risk: 'low', args: nested }],
  ])('prints %s on its row, as the JSON it holds', (_, event) => {
    const lines = formatAuditEvents([event as unknown as AuditEvent, deniedRefund()[0]!]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(event.type);
  });

  it('prints more rows than a function takes arguments', () => {
    const event = deniedRefund()[0]!;
    expect(formatAuditEvents(Array.from({ length: 200_000 }, () => event)).split('\n')).toHaveLength(200_001);
  });
});
