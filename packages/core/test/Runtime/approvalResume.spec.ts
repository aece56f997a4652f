// Regression tests for what the approval misuse properties (test/reliability/approvals.spec.ts) found in resume.
import { InMemoryApprovalStore } from '@brane/approvals';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ApprovalRequiredError } from '@brane/errors';

class Payments {
  readonly refunds: number[] = [];

  @Capability({ name: 'refund' })
  async refund(amount: number): Promise<string> {
    this.refunds.push(amount);
    return `refunded ${amount} to acme's customer`;
  }
}

/** A runtime for tenant `acme` in which every call asks for approval. */
function setup() {
  const runtime = new Runtime({
    tenantId: 'acme',
    principalId: 'u_1',
    approvals: { store: new InMemoryApprovalStore() },
  });
  runtime.beforeCapability('*', { name: 'ask' }, () =>
    Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }),
  );
  return runtime;
}

async function approvedId(call: Promise<unknown>, runtime: Runtime): Promise<string> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApprovalRequiredError);
  const { approvalId } = error as ApprovalRequiredError;
  await runtime.approvals.approve(approvalId, { approver: 'maria' });
  return approvalId;
}

describe('resume while someone else resumes the same approval in the same runtime', () => {
  it.each(['owner first', 'intruder first'])(
    'never shares the execution with, nor fails, the owner (%s)',
    async (order) => {
      const runtime = setup();
      const payments = runtime.govern(new Payments());
      const approvalId = await approvedId(payments.refund(250), runtime);

      const owner = () => runtime.resume(approvalId);
      const intruder = () =>
        runtime.withContext({ tenantId: 'globex', principalId: 'u_a' }, () => runtime.resume(approvalId));
      const [ownerResult, intruderResult] =
        order === 'owner first'
          ? await Promise.allSettled([owner(), intruder()])
          : (await Promise.allSettled([intruder(), owner()])).reverse();

      // Before the fix, the intruder got the owner's result (or the owner the intruder's APPROVAL_MISMATCH).
      expect(ownerResult).toStrictEqual({ status: 'fulfilled', value: "refunded 250 to acme's customer" });
      expect(intruderResult).toMatchObject({ status: 'rejected', reason: { code: 'APPROVAL_MISMATCH' } });
      expect(payments.refunds).toStrictEqual([250]);
    },
  );
});

describe('arguments named like members of Object.prototype', () => {
  it('resumes an omitted argument as undefined, not as the inherited member', async () => {
    const runtime = setup();
    const seen: unknown[][] = [];
    const send = runtime.capability(
      { name: 'send', params: ['valueOf', 'constructor'] },
      async (...args: unknown[]) => {
        seen.push(args);
        return 'sent';
      },
    );
    const approvalId = await approvedId(send(undefined, undefined), runtime);

    await runtime.resume(approvalId);

    // Before the fix, the body got [Object.prototype.valueOf, Object] in place of the omitted arguments.
    expect(seen).toStrictEqual([[]]);
  });

  it('binds an argument named __proto__ in the record, so the approver sees it and it runs as approved', async () => {
    const runtime = setup();
    const seen: unknown[][] = [];
    const send = runtime.capability({ name: 'send', params: ['__proto__'] }, async (...args: unknown[]) => {
      seen.push(args);
      return 'sent';
    });
    const approvalId = await approvedId(send(5), runtime);

    // Before the fix, the record held `{}` (assigning `__proto__` set no property) and the body got Object.prototype.
    expect(JSON.stringify((await runtime.approvals.get(approvalId)).args)).toBe('{"__proto__":5}');
    await runtime.resume(approvalId);
    expect(seen).toStrictEqual([[5]]);
  });
});
