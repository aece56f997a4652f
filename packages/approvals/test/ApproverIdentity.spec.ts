import { MAX_APPROVER_GROUPS, MAX_APPROVER_TEXT } from '@brane/approvals';
import { BraneError } from '@brane/errors';
import { approverText, checkApproverIdentity } from '../src/ApproverIdentity';

describe('approverText', () => {
  it('accepts a printable, non-blank name, unchanged', () => {
    expect(approverText('maria@finance', 'x')).toBe('maria@finance');
    expect(approverText('Zoë Ñandú (finance)', 'x')).toBe('Zoë Ñandú (finance)');
    expect(approverText('a'.repeat(MAX_APPROVER_TEXT), 'x')).toHaveLength(MAX_APPROVER_TEXT);
  });

  it.each<[string, unknown, RegExp]>([
    ['a number', 7, /`who` must be a non-blank string \(got `7`\)/],
    ['an empty string', '', /`who` must be a non-blank string/],
    ['blanks', ' \t ', /`who` must be a non-blank string/],
    ['a name too long', 'a'.repeat(MAX_APPROVER_TEXT + 1), /`who` must be at most 256 characters \(got 257\)/],
    ['an ANSI escape', 'maria\u001b[8m', /without control, format or line-separator characters/],
    ['a new line', 'maria\nfinance-ops: approved', /without control/],
    ['a bidi override', 'maria\u202efinance', /without control/],
    ['a zero-width space', 'mar\u200bia', /without control/],
    ['a line separator', 'maria\u2028x', /without control/],
    ['a C1 control', 'maria\u009b', /without control/],
  ])('refuses %s with INVALID_ARGUMENT naming the field', (_, value, message) => {
    expect(() => approverText(value, 'who')).toThrow(message);
    expect(() => approverText(value, 'who')).toThrow(BraneError);
  });
});

describe('checkApproverIdentity', () => {
  it('returns a frozen copy, groups deduplicated, authenticatedBy defaulting to `application`', () => {
    const input = { id: 'maria', groups: ['finance-ops', 'cfo', 'finance-ops'] };
    const identity = checkApproverIdentity(input, 'approver');

    expect(identity).toStrictEqual({ id: 'maria', groups: ['finance-ops', 'cfo'], authenticatedBy: 'application' });
    expect(Object.isFrozen(identity) && Object.isFrozen(identity.groups)).toBe(true);
    input.groups.push('everyone');
    expect(identity.groups).toStrictEqual(['finance-ops', 'cfo']);
    expect(checkApproverIdentity({ id: 'm', groups: [], authenticatedBy: 'oidc:https://x' }, 'a')).toMatchObject({
      authenticatedBy: 'oidc:https://x',
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'maria', /`approver` must be an object/],
    ['an unknown key', { id: 'm', groups: [], group: 'x' }, /`approver` must be an approver identity/],
    ['no id', { groups: [] }, /`approver\.id` must be a non-blank string/],
    ['groups not an array', { id: 'm', groups: 'finance' }, /`approver\.groups` must be an array of group names/],
    ['a blank group', { id: 'm', groups: ['ok', ' '] }, /`approver\.groups\[1\]` must be a non-blank string/],
    ['an unprintable group', { id: 'm', groups: ['fin\u0000'] }, /`approver\.groups\[0\]` must be a name without/],
    [
      'too many groups',
      { id: 'm', groups: Array.from({ length: MAX_APPROVER_GROUPS + 1 }, (_, i) => `g${i}`) },
      /`approver\.groups` must be at most 1000 groups \(got 1001\)/,
    ],
    ['a blank authenticatedBy', { id: 'm', groups: [], authenticatedBy: '' }, /`approver\.authenticatedBy`/],
  ])('refuses %s with INVALID_ARGUMENT naming the field', (_, value, message) => {
    expect(() => checkApproverIdentity(value, 'approver')).toThrow(message);
    expect(() => checkApproverIdentity(value, 'approver')).toThrow(BraneError);
  });
});
