import { formatAuditStats } from '../src/formatAuditStats';

describe('formatAuditStats', () => {
  it('prints the totals, then each count, largest first, aligned', () => {
    const text = formatAuditStats({
      events: 12,
      actions: 3,
      byType: { 'action.created': 3, 'policy.evaluated': 6, 'action.completed': 3 },
      byOutcome: { denied: 1, allowed: 2 },
      byCapability: { refund_customer: 2, search_docs: 1 },
    });

    expect(text).toBe(
      [
        '12 events in 3 actions',
        '',
        'By type',
        '  policy.evaluated  6',
        '  action.completed  3',
        '  action.created    3',
        '',
        'By outcome (completed actions)',
        '  allowed  2',
        '  denied   1',
        '',
        'By capability (actions)',
        '  refund_customer  2',
        '  search_docs      1',
      ].join('\n'),
    );
  });

  it('leaves out empty sections', () => {
    expect(
      formatAuditStats({ events: 1, actions: 1, byType: { 'action.created': 1 }, byOutcome: {}, byCapability: {} }),
    ).toBe('1 event in 1 action\n\nBy type\n  action.created  1');
  });
});

describe('formatAuditStats on a log of many names', () => {
  it('prints more keys than a function takes arguments', () => {
    const byCapability = Object.fromEntries(Array.from({ length: 200_000 }, (_, index) => [`cap_${index}`, 1]));
    const text = formatAuditStats({ events: 1, actions: 1, byType: {}, byOutcome: {}, byCapability });
    expect(text.split('\n')).toHaveLength(200_003);
  });
});
