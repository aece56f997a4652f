import { InMemoryApprovalStore } from '@brane/approvals';
import { Decision } from '@brane/decisions';
import { ApprovalRequiredError, CapabilityDeniedError } from '@brane/errors';
import { Runtime } from '@brane/core';
import type { ApprovalView } from '@brane/policy-engine';

/** A refund that needs `finance-ops`; a second policy, when `authenticatedOnly`, refuses approvals by typed names. */
function setup(authenticatedOnly = false) {
  const runtime = new Runtime({
    tenantId: 'acme',
    principalId: 'sam',
    approvals: { store: new InMemoryApprovalStore() },
  });
  const seen: (ApprovalView | undefined)[] = [];
  runtime.beforeCapability('refund', { name: 'refund_limit' }, (ctx) => {
    seen.push(ctx.approval);
    return Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Large refund' });
  });
  if (authenticatedOnly) {
    runtime.beforeCapability('refund', { name: 'authenticated_approvers' }, (ctx) =>
      ctx.approval !== undefined && !ctx.approval.approver.authenticated
        ? Decision.deny(`Approved by ${ctx.approval.approvedBy}, a name nobody authenticated`)
        : Decision.allow(),
    );
  }
  const refunds: number[] = [];
  const refund = runtime.capability({ name: 'refund', params: ['amountUsd'], async: true }, async (amount: number) => {
    refunds.push(amount);
    return `refunded ${amount}`;
  });
  return { runtime, refund, refunds, seen };
}

async function requested(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApprovalRequiredError);
  return (error as ApprovalRequiredError).approvalId;
}

describe('who approved, as the resumed action sees it (ctx.approval.approver)', () => {
  it('a vouched approver: authenticated, with the groups of the request they are in', async () => {
    const { runtime, refund, seen } = setup();
    const id = await requested(refund(900));
    const maria = { id: 'maria', groups: ['finance-ops', 'support'], authenticatedBy: 'session' };

    await runtime.approvals.approve(id, { approver: maria });
    await runtime.resume(id);

    expect(seen.at(-1)).toMatchObject({
      approvedBy: 'maria',
      approver: { id: 'maria', authenticated: true, authenticatedBy: 'session', groups: ['finance-ops'] },
    });
    expect(Object.isFrozen(seen.at(-1)?.approver)).toBe(true);
  });

  it('a typed name: unauthenticated, with no groups', async () => {
    const { runtime, refund, seen } = setup();
    const id = await requested(refund(900));

    await runtime.approvals.approve(id, { approver: 'maria@finance' });
    await runtime.resume(id);

    expect(seen.at(-1)?.approver).toStrictEqual({
      id: 'maria@finance',
      authenticated: false,
      authenticatedBy: undefined,
      groups: [],
    });
  });

  it('lets a policy refuse approvals by typed names, and run those by authenticated approvers', async () => {
    const { runtime, refund, refunds } = setup(true);
    const typed = await requested(refund(900));
    const vouched = await requested(refund(800));
    await runtime.approvals.approve(typed, { approver: 'maria@finance' });
    await runtime.approvals.approve(vouched, { approver: { id: 'maria', groups: ['finance-ops'] } });

    await expect(runtime.resume(typed)).rejects.toBeInstanceOf(CapabilityDeniedError);
    await expect(runtime.resume(vouched)).resolves.toBe('refunded 800');
    expect(refunds).toStrictEqual([800]);
  });

  it('runtime.approvals enforces the approver groups on a vouched identity', async () => {
    const { runtime, refund } = setup();
    const id = await requested(refund(900));

    await expect(runtime.approvals.approve(id, { approver: { id: 'lee', groups: ['support'] } })).rejects.toMatchObject(
      { code: 'APPROVER_NOT_ALLOWED' },
    );
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'pending' });
  });
});
