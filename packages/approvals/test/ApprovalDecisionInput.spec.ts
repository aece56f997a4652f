import { ApprovalError } from '@brane/errors';
import { decisionFor, parseDecisionInput } from '../src/ApprovalDecisionInput';
import { sampleRecord } from './fixtures/records';

const AT = '2023-11-14T22:20:00.000Z';
/** Requested by `user_7`, for `finance-ops` or `cfo`. */
const record = sampleRecord({
  request: { approverGroups: ['finance-ops', 'cfo'], reason: 'r', context: {}, distinctApprover: true },
});

function refusal(action: () => unknown): ApprovalError {
  try {
    action();
  } catch (error) {
    if (error instanceof ApprovalError) return error;
    throw error;
  }
  throw new Error('expected an ApprovalError');
}

describe('parseDecisionInput', () => {
  it('reads a string as a typed, unauthenticated name with no groups', () => {
    expect(parseDecisionInput({ approver: 'maria@finance', comment: 'ok' })).toStrictEqual({
      by: 'maria@finance',
      authenticated: false,
      authenticatedBy: undefined,
      groups: [],
      comment: 'ok',
    });
  });

  it('reads an object as an approver identity the application vouches for', () => {
    expect(parseDecisionInput({ approver: { id: 'maria', groups: ['cfo'], authenticatedBy: 'oidc' } })).toStrictEqual({
      by: 'maria',
      authenticated: true,
      authenticatedBy: 'oidc',
      groups: ['cfo'],
      comment: undefined,
    });
  });

  it.each<[unknown, RegExp]>([
    [null, /`input` must be an object/],
    [{ approver: null }, /`input\.approver` must be a typed name or an approver identity/],
    [{ approver: ['maria'] }, /`input\.approver` must be an object/],
    [{ approver: { id: 'maria', groups: ['finance-ops'], admin: true } }, /must be an approver identity/],
    [{ approver: 'maria', comment: 1 }, /`input\.comment` must be a string/],
    [{ approver: 'maria\r\nfinance-ops approved' }, /must be a name without control/],
  ])('refuses %p with INVALID_ARGUMENT', (input, message) => {
    expect(() => parseDecisionInput(input)).toThrow(message);
  });
});

describe('decisionFor', () => {
  it('lets an approver in one of the groups decide, recording only the groups the request names', () => {
    const decider = parseDecisionInput({ approver: { id: 'maria', groups: ['support', 'cfo'] }, comment: 'fine' });

    expect(decisionFor(record, decider, 'approved', AT)).toStrictEqual({
      outcome: 'approved',
      by: 'maria',
      authenticated: true,
      authenticatedBy: 'application',
      groups: ['cfo'],
      at: AT,
      comment: 'fine',
    });
  });

  it('refuses an approver in none of the groups with APPROVER_NOT_ALLOWED, for either outcome', () => {
    const decider = parseDecisionInput({ approver: { id: 'sam', groups: ['support', 'Finance-Ops'] } });
    for (const outcome of ['approved', 'rejected'] as const) {
      const error = refusal(() => decisionFor(record, decider, outcome, AT));
      expect(error).toMatchObject({
        code: 'APPROVER_NOT_ALLOWED',
        details: { approver: 'sam', reason: 'approver_groups', approverGroups: ['finance-ops', 'cfo'] },
      });
      expect(error.message).toMatch(/sam may not decide .*: it needs a member of finance-ops or cfo/);
      expect(error.message).not.toMatch(/support/); // the approver's other groups are not shown
    }
  });

  it('refuses an approver with no groups at all', () => {
    const decider = parseDecisionInput({ approver: { id: 'sam', groups: [] } });
    expect(refusal(() => decisionFor(record, decider, 'approved', AT)).code).toBe('APPROVER_NOT_ALLOWED');
  });

  it('lets any vouched approver decide a request that names no group, recording no groups', () => {
    const open = sampleRecord({ request: { approverGroups: [], reason: 'r', context: {}, distinctApprover: false } });
    const decider = parseDecisionInput({ approver: { id: 'sam', groups: ['support'] } });
    expect(decisionFor(open, decider, 'approved', AT)).toMatchObject({ by: 'sam', groups: [], authenticated: true });
  });

  it('cannot check the groups of a typed name: it decides, recorded as unauthenticated with no groups', () => {
    const decider = parseDecisionInput({ approver: 'sam' });
    expect(decisionFor(record, decider, 'approved', AT)).toStrictEqual({
      outcome: 'approved',
      by: 'sam',
      authenticated: false,
      groups: [],
      at: AT,
    });
  });

  it.each(['user_7', 'USER_7', 'ｕｓｅｒ＿７'])(
    'distinctApprover: refuses the principal as %p, vouched for or typed, even in the groups',
    (id) => {
      for (const approver of [id, { id, groups: ['finance-ops'] }]) {
        const error = refusal(() => decisionFor(record, parseDecisionInput({ approver }), 'approved', AT));
        expect(error).toMatchObject({ code: 'APPROVER_NOT_ALLOWED', details: { reason: 'distinct_approver' } });
      }
    },
  );

  it('without distinctApprover, a principal in the groups may decide their own action', () => {
    const own = sampleRecord({
      request: { approverGroups: ['cfo'], reason: 'r', context: {}, distinctApprover: false },
    });
    const decider = parseDecisionInput({ approver: { id: 'user_7', groups: ['cfo'] } });
    expect(decisionFor(own, decider, 'approved', AT)).toMatchObject({ by: 'user_7', groups: ['cfo'] });
  });
});
