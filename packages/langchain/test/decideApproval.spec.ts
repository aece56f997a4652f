import type { Runtime } from '@brane/core';
import type { ApprovalRequiredError } from '@brane/errors';
import { decideApproval } from '../src/decideApproval.js';
import { governTool, type PendingApproval } from '../src/index.js';
import { pendingApprovalOf } from '../src/pendingApprovalOf.js';
import { supportRuntime, type SupportRuntimeOptions } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

/** A runtime with one pending refund approval. */
async function pending(options: SupportRuntimeOptions = {}) {
  const { runtime } = supportRuntime(options);
  const refund = governTool(runtime, supportTools().refundCustomer, { refusals: 'throw' });
  const error = (await refund
    .invoke({ customerId: 'c', amountUsd: 250 })
    .catch((caught: unknown) => caught)) as ApprovalRequiredError;
  const approval: PendingApproval = await pendingApprovalOf(runtime, error, 'refund_customer', 'call_1');
  return { runtime, approval, id: approval.approvalId };
}

describe('decideApproval', () => {
  it('with an approver, approves or rejects in Brane', async () => {
    const approved = await pending();
    await expect(
      decideApproval(approved.runtime, approved.approval, { approved: true, approver: 'maria' }),
    ).resolves.toBeUndefined();
    await expect(approved.runtime.approvals.get(approved.id)).resolves.toMatchObject({ status: 'approved' });
    const rejected = await pending();
    const answer = { approved: false, approver: 'maria', comment: 'No' };
    await expect(decideApproval(rejected.runtime, rejected.approval, answer)).resolves.toBeUndefined();
    await expect(rejected.runtime.approvals.get(rejected.id)).resolves.toMatchObject({
      status: 'rejected',
      decision: { by: 'maria', comment: 'No' },
    });
  });

  it('without an approver, asks again while Brane has no decision', async () => {
    const { runtime, approval, id } = await pending();
    await expect(decideApproval(runtime, approval, { approved: true })).resolves.toBe(
      `Approval ${id} is still pending in Brane: decide it there first, or answer with an \`approver\``,
    );
    await expect(decideApproval(runtime, approval, { approved: false })).resolves.toBeUndefined();
    await runtime.approvals.approve(id, { approver: 'maria' });
    await expect(decideApproval(runtime, approval, { approved: true })).resolves.toBeUndefined();
  });

  it('asks again when Brane refuses the approver, but not when the request is already decided', async () => {
    const { runtime, approval, id } = await pending({ distinctApprover: true });
    await expect(decideApproval(runtime, approval, { approved: true, approver: 'user_lee' })).resolves.toMatch(
      new RegExp(`^Brane could not record the decision on approval ${id}: `),
    );
    await runtime.approvals.reject(id, { approver: 'sam' });
    await expect(decideApproval(runtime, approval, { approved: true, approver: 'maria' })).resolves.toBeUndefined();
  });

  it('asks again when the store fails', async () => {
    const { approval } = await pending();
    const failing = { approvals: { get: () => Promise.reject(new Error('disk full')) } } as unknown as Runtime;
    await expect(decideApproval(failing, approval, { approved: true })).resolves.toMatch(/: disk full$/);
  });
});
