import {
  ApprovalRejectedError,
  ApprovalRequiredError,
  BraneError,
  CapabilityDeniedError,
  MAX_CUT_MARKER_LENGTH,
  MAX_TEXT_LENGTH,
  boundText,
  type DecisionRecord,
} from '@brane/errors';

/** A decision record as a policy's decision would be, with `fields` set. */
function record(fields: Partial<DecisionRecord>): DecisionRecord {
  return {
    type: 'deny',
    reason: undefined,
    decisionId: '01J0000000000000000000000D',
    actionId: undefined,
    policyName: undefined,
    policyVersion: undefined,
    mutations: undefined,
    approval: undefined,
    audit: undefined,
    metadata: {},
    allowed: false,
    denied: true,
    requiresApproval: false,
    ...fields,
  };
}

const MARKER = / … \[cut [\d,]+ characters?\]$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('boundText', () => {
  it('keeps a text of at most the limit whole', () => {
    expect(boundText('')).toBe('');
    expect(boundText('x'.repeat(MAX_TEXT_LENGTH))).toBe('x'.repeat(MAX_TEXT_LENGTH));
    expect(boundText('abc', 3)).toBe('abc');
  });

  it('cuts a longer text to the limit and says how many characters were cut, grouped', () => {
    const reason = `No customer ${'x'.repeat(5_000_000)}`;

    const cut = boundText(reason);

    expect(cut).toBe(`${reason.slice(0, 2000)} … [cut 4,998,012 characters]`);
    expect(boundText('abcd', 3)).toBe('abc … [cut 1 character]');
    expect(boundText('abcd', 0)).toBe(' … [cut 4 characters]');
  });

  it('never splits a surrogate pair: an astral character at the limit is cut whole', () => {
    const text = `${'a'.repeat(1999)}😀${'b'.repeat(10)}`; // the emoji is code units 1999 and 2000

    const cut = boundText(text);

    expect(cut.startsWith(`${'a'.repeat(1999)} … [cut 12 characters]`)).toBe(true);
    expect(cut).not.toMatch(LONE_SURROGATE);
    expect(boundText(`${'a'.repeat(1998)}😀b`)).toBe(`${'a'.repeat(1998)}😀 … [cut 1 character]`);
  });

  it('is idempotent, and cutting a message built around a cut reason counts from the original', () => {
    const reason = 'r'.repeat(10_000);
    const once = boundText(reason);

    expect(boundText(once)).toBe(once);
    const message = boundText(`Denied: ${once}`);
    expect(message).toBe(`Denied: ${'r'.repeat(1992)} … [cut 8,008 characters]`);
    expect(`Denied: ${reason}`.length - 2000).toBe(8008);
  });

  it('bounds every copy at the limit plus a marker of at most MAX_CUT_MARKER_LENGTH', () => {
    const forged = `${'a'.repeat(3000)} … [cut ${'9'.repeat(30)} characters]`;
    for (const text of ['x'.repeat(2001), 'x'.repeat(10 ** 6), forged]) {
      const cut = boundText(text);
      expect(cut.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH + MAX_CUT_MARKER_LENGTH);
      expect(cut).toMatch(MARKER);
      expect(text.startsWith(cut.replace(MARKER, ''))).toBe(true);
    }
  });

  it.each([[-1], [1.5], [Number.NaN], ['10']])('refuses the limit %p with INVALID_ARGUMENT', (limit) => {
    expect(() => boundText('abc', limit as number)).toThrow(/`limit` must be a whole number/);
  });

  it('refuses a text that is not a string, naming it', () => {
    expect(() => boundText(42 as unknown as string)).toThrow(/`text` must be a string \(got `42`\)/);
  });
});

describe('errors bound what they copy', () => {
  const huge = 'q'.repeat(100_000);

  it('BraneError bounds its message', () => {
    const error = new BraneError('INVALID_ARGUMENT', `Bad value ${huge}`);

    expect(error.message).toBe(boundText(`Bad value ${huge}`));
    expect(error.message.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH + MAX_CUT_MARKER_LENGTH);
  });

  it('CapabilityDeniedError bounds its reason and message', () => {
    const error = new CapabilityDeniedError({
      decision: record({ reason: huge, policyName: 'limits' }),
      capability: 'refund',
      stage: 'before',
      actionId: 'act_1',
    });

    expect(error.reason).toBe(boundText(huge));
    expect(error.message).toBe(boundText(`Capability \`refund\` denied by policy \`limits\` (before): ${huge}`));
    expect(error.message).toMatch(/ … \[cut 98,056 characters\]$/);
  });

  it('ApprovalRequiredError bounds its reason, ApprovalRejectedError its comment', () => {
    const required = new ApprovalRequiredError({
      approvalId: 'a1',
      capability: 'refund',
      actionId: 'act_1',
      decision: record({ type: 'approval_required', reason: huge, denied: false, requiresApproval: true }),
      approverGroups: ['finance'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      recorded: Promise.resolve(),
    });
    const rejected = new ApprovalRejectedError({
      approvalId: 'a1',
      capability: 'refund',
      rejectedBy: 'maria',
      rejectedAt: '2030-01-01T00:00:00.000Z',
      comment: huge,
    });

    expect(required.reason).toBe(boundText(huge));
    expect(rejected.comment).toBe(boundText(huge));
    expect(rejected.details['comment']).toBe(boundText(huge));
    expect(JSON.stringify(rejected.toJSON()).length).toBeLessThan(3 * MAX_TEXT_LENGTH);
  });
});
