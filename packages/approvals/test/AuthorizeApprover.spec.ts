import { vouchedApprover, type ApproverRequest } from '@brane/approvals';
import { ApprovalError, BraneError } from '@brane/errors';
import { sampleRecord } from './fixtures/records';

const request: ApproverRequest<{ user: string }> = {
  approval: sampleRecord(),
  outcome: 'approved',
  claimed: 'maria@finance',
  context: { user: 'maria' },
};

describe('vouchedApprover', () => {
  it('gives the hook the approval, the outcome, the claimed name and the context, and checks what it vouches for', async () => {
    const hook = jest.fn(({ context }: ApproverRequest<{ user: string }>) => ({
      id: `${context.user}@finance`,
      groups: ['finance-ops'],
    }));

    await expect(vouchedApprover(hook, request)).resolves.toStrictEqual({
      id: 'maria@finance',
      groups: ['finance-ops'],
      authenticatedBy: 'application',
    });
    expect(hook).toHaveBeenCalledWith(request);
  });

  it('awaits an async hook', async () => {
    const hook = async () => ({ id: 'maria', groups: [], authenticatedBy: 'oidc:https://login.example' });
    await expect(vouchedApprover(hook, request)).resolves.toMatchObject({
      authenticatedBy: 'oidc:https://login.example',
    });
  });

  it.each([undefined, null])('is undefined when the hook vouches for no one (%p)', async (answer) => {
    await expect(vouchedApprover(() => answer as undefined, request)).resolves.toBeUndefined();
  });

  it.each<[string, unknown, RegExp]>([
    ['false', false, /`authorizeApprover\(\)` must be an object \(got `false`\)/],
    ['a bare name', 'maria', /`authorizeApprover\(\)` must be an object/],
    ['no groups', { id: 'maria' }, /`authorizeApprover\(\)\.groups` must be an array/],
    [
      'a hostile id',
      { id: 'maria\u001b[2K', groups: [] },
      /`authorizeApprover\(\)\.id` must be a name without control/,
    ],
  ])('refuses a hook answering %s with INVALID_ARGUMENT', async (_, answer, message) => {
    const result = vouchedApprover(() => answer as undefined, request);
    await expect(result).rejects.toThrow(message);
    await expect(result).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('turns a hook that throws into APPROVER_NOT_ALLOWED, keeping the cause; a Brane error passes as it is', async () => {
    const cause = new Error('directory unreachable');
    const failed = vouchedApprover(() => Promise.reject(cause), request);
    await expect(failed).rejects.toBeInstanceOf(ApprovalError);
    await expect(failed).rejects.toMatchObject({
      code: 'APPROVER_NOT_ALLOWED',
      approvalId: request.approval.id,
      cause,
    });
    await expect(failed).rejects.toThrow(/authorizeApprover failed on approval .*, so it is refused$/);
    const own = new BraneError('INVALID_ARGUMENT', 'bad session');
    await expect(
      vouchedApprover(() => {
        throw own;
      }, request),
    ).rejects.toBe(own);
  });
});
