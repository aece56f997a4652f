import type { Runtime } from '@brane/core';
import type { ApprovalRequiredError } from '@brane/errors';
import { decideApproval, type DecidingContext } from '../src/decideApproval.js';
import { governTool, type PendingApproval } from '../src/index.js';
import { pendingApprovalOf } from '../src/pendingApprovalOf.js';
import { supportRuntime, testApprover, type SupportRuntimeOptions } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

/** A runtime with one pending refund approval, requested by `user_lee` of `tenant_acme`. */
async function pending(options: SupportRuntimeOptions = {}) {
  const { runtime } = supportRuntime(options);
  const refund = governTool(runtime, supportTools().refundCustomer, { refusals: 'throw' });
  const error = (await refund
    .invoke({ customerId: 'c', amountUsd: 250 })
    .catch((caught: unknown) => caught)) as ApprovalRequiredError;
  const approval: PendingApproval = await pendingApprovalOf(runtime, error, 'refund_customer', 'call_1');
  return { runtime, approval, id: approval.approvalId };
}

const toolCall = { name: 'refund_customer', args: {}, id: 'call_1' };
/** A node with the tests' authorizeApprover; `user` is who the server authenticated (`config.configurable.user`). */
const vouching = (user?: string): DecidingContext => ({
  authorizeApprover: testApprover,
  graph: { config: { configurable: user === undefined ? {} : { user } }, toolCall },
});
const unvouched: DecidingContext = { authorizeApprover: undefined, graph: { config: {}, toolCall } };
const done = { problem: undefined, by: undefined };

describe('decideApproval with authorizeApprover', () => {
  it('approves or rejects in Brane as the approver the hook vouches for, and says who', async () => {
    const approved = await pending();
    await expect(
      decideApproval(approved.runtime, approved.approval, { approved: true }, vouching('maria@finance')),
    ).resolves.toStrictEqual({ problem: undefined, by: 'maria@finance' });
    await expect(approved.runtime.approvals.get(approved.id)).resolves.toMatchObject({
      status: 'approved',
      decision: { by: 'maria@finance', authenticated: true, authenticatedBy: 'test-session', groups: ['finance-ops'] },
    });
    const rejected = await pending();
    const answer = { approved: false, comment: 'No' };
    await expect(
      decideApproval(rejected.runtime, rejected.approval, answer, vouching('sam@finance')),
    ).resolves.toMatchObject({ by: 'sam@finance' });
    await expect(rejected.runtime.approvals.get(rejected.id)).resolves.toMatchObject({
      status: 'rejected',
      decision: { by: 'sam@finance', comment: 'No' },
    });
  });

  it('asks again when the vouched approver is outside the approver groups, or is the principal under distinctApprover', async () => {
    const outside = await pending();
    const support = await decideApproval(
      outside.runtime,
      outside.approval,
      { approved: true },
      vouching('sam@support'),
    );
    expect(support.problem).toMatch(/sam@support may not decide .* needs a member of finance-ops/);
    await expect(outside.runtime.approvals.get(outside.id)).resolves.toMatchObject({ status: 'pending' });

    const self = await pending({ distinctApprover: true });
    const own = await decideApproval(self.runtime, self.approval, { approved: true }, vouching('user_lee'));
    expect(own.problem).toMatch(/user_lee may not decide .*: it is their own action/);
  });

  it('with no approver vouched for, relays a decision already in Brane and asks again while there is none', async () => {
    const { runtime, approval, id } = await pending();
    await expect(decideApproval(runtime, approval, { approved: true }, vouching())).resolves.toStrictEqual({
      problem: `authorizeApprover vouched for no approver, and approval ${id} is still pending in Brane`,
      by: undefined,
    });
    await expect(decideApproval(runtime, approval, { approved: false }, vouching())).resolves.toStrictEqual(done);
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'pending' });
    await runtime.approvals.approve(id, { approver: 'maria@finance' });
    await expect(decideApproval(runtime, approval, { approved: true }, vouching())).resolves.toStrictEqual(done);
  });

  it('does not ask the hook about a request no longer pending: Brane decided it, and resume tells how', async () => {
    const { runtime, approval, id } = await pending();
    await runtime.approvals.reject(id, { approver: 'sam@finance' });
    const hook = jest.fn(testApprover);
    const deciding = { ...vouching('maria@finance'), authorizeApprover: hook as DecidingContext['authorizeApprover'] };
    await expect(decideApproval(runtime, approval, { approved: true }, deciding)).resolves.toStrictEqual(done);
    expect(hook).not.toHaveBeenCalled();
  });
});

describe('decideApproval without authorizeApprover', () => {
  it('refuses an answer that names an approver: that name is only what the resume value says', async () => {
    const { runtime, approval, id } = await pending();
    for (const approved of [true, false]) {
      const outcome = await decideApproval(runtime, approval, { approved, approver: 'maria@finance' }, unvouched);
      expect(outcome.problem).toMatch(/names an `approver`, which is only what the resume value says/);
    }
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'pending' });
  });

  it('relays a decision already in Brane, and asks again while there is none', async () => {
    const { runtime, approval, id } = await pending();
    await expect(decideApproval(runtime, approval, { approved: true }, unvouched)).resolves.toStrictEqual({
      problem: `Approval ${id} is still pending in Brane: decide it there first`,
      by: undefined,
    });
    await expect(decideApproval(runtime, approval, { approved: false }, unvouched)).resolves.toStrictEqual(done);
    await runtime.approvals.approve(id, { approver: 'maria@finance' });
    await expect(decideApproval(runtime, approval, { approved: true }, unvouched)).resolves.toStrictEqual(done);
  });
});

describe('decideApproval across identities (issue 12, finding 7)', () => {
  it.each([
    [{ tenantId: 'tenant_globex', principalId: 'user_mallory' }, /`tenantId` and `principalId` differ/],
    [{ principalId: 'user_sam' }, /its `principalId` differs/],
  ])('under %p, decides nothing and asks again, whoever answers', async (identity, differs) => {
    const { runtime, approval, id } = await pending();
    for (const deciding of [vouching('maria@finance'), unvouched]) {
      const outcome = await runtime.withContext(identity, () =>
        decideApproval(runtime, approval, { approved: true }, deciding),
      );
      expect(outcome.problem).toMatch(differs);
      expect(outcome.problem).toMatch(/resume the graph under the tenant and principal it ran as$/);
    }
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'pending' });
  });
});

describe('decideApproval failures', () => {
  it('asks again when the store fails', async () => {
    const { approval } = await pending();
    const failing = { approvals: { get: () => Promise.reject(new Error('disk full')) } } as unknown as Runtime;
    await expect(decideApproval(failing, approval, { approved: true }, unvouched)).resolves.toMatchObject({
      problem: expect.stringMatching(/: disk full$/) as string,
    });
  });

  it('asks again, without the hook’s own message, when authorizeApprover throws', async () => {
    const { runtime, approval } = await pending();
    const deciding: DecidingContext = {
      ...unvouched,
      authorizeApprover: () => Promise.reject(new Error('token service: secret=abc')),
    };
    const outcome = await decideApproval(runtime, approval, { approved: true }, deciding);
    expect(outcome.problem).toMatch(/authorizeApprover failed on approval \w+, so it is refused$/);
    expect(outcome.problem).not.toMatch(/secret/);
  });
});
