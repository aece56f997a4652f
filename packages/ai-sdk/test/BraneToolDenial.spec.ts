import { defaultDenialMessage, isBraneToolDenial, type BraneToolDenialInfo } from '../src/index.js';

const base = { tool: 'refund', capability: 'ai.refund', reason: 'Over the limit' } as const;

describe('BraneToolDenial', () => {
  it('is recognised by its shape, also after a trip through JSON', () => {
    const denial = { type: 'brane-denial', outcome: 'denied', ...base, message: 'No.' };
    expect(isBraneToolDenial(denial)).toBe(true);
    expect(isBraneToolDenial(JSON.parse(JSON.stringify(denial)))).toBe(true);
    for (const other of [
      undefined,
      null,
      'brane-denial',
      { ...denial, type: 'denial' },
      { ...denial, outcome: 'nope' },
      { ...denial, message: 42 },
      { refunded: true },
    ]) {
      expect(isBraneToolDenial(other)).toBe(false);
    }
  });

  it.each<[BraneToolDenialInfo, RegExp]>([
    [
      { outcome: 'denied', stage: 'before', ...base },
      /^Not allowed: the `refund` tool call was blocked by policy and did not run\. Reason: Over the limit\. Do not retry/,
    ],
    [
      { outcome: 'denied', stage: 'after', ...base },
      /^The `refund` tool ran, but policy withheld its result\. Reason: Over the limit\./,
    ],
    [
      { outcome: 'approval_required', approverGroups: ['finance-ops', 'cfo'], ...base },
      /^Waiting for approval: the `refund` tool call needs a human's approval from finance-ops or cfo and did not run\./,
    ],
    [
      { outcome: 'approval_rejected', ...base, reason: 'Rejected by maria' },
      /^Rejected: .* Rejected by maria\. Do not retry/,
    ],
    [{ outcome: 'approval_expired', ...base }, /^Expired: the approval for the `refund` tool call expired/],
    [
      { outcome: 'approval_unusable', ...base, reason: 'Approval 1 was already used.' },
      /cannot be used \(Approval 1 was already used\)\./,
    ],
  ])('writes a message for the model: %j', (info, expected) => {
    expect(defaultDenialMessage(info)).toMatch(expected);
  });

  it('keeps a reason that ends a sentence as it is', () => {
    expect(defaultDenialMessage({ outcome: 'denied', ...base, reason: 'Not today!' })).toContain(
      'Reason: Not today! Do',
    );
  });
});

describe('defaultDenialMessage with a long reason (security review, finding 10)', () => {
  it('cuts the reason, never what the model is told to do after it', () => {
    const message = defaultDenialMessage({
      outcome: 'denied',
      tool: 'refund',
      capability: 'ai.refund',
      reason: 'x'.repeat(1_000_000),
      stage: 'before',
    });

    expect(message).toMatch(/Reason: x{1600} … \[cut 998,400 characters\]\. Do not retry this call/);
    expect(message.length).toBeLessThanOrEqual(2000);
  });
});
