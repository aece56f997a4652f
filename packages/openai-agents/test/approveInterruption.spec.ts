import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ApprovalError, BraneError } from '@brane/errors';
import { run, tool } from '@openai/agents';
import { approveInterruption, pendingApprovals } from '../src/index.js';
import { agentWith, refundCall, refundFixture, refundParameters } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

/** A run of the refund agent that asked to refund $250: Brane's policy asks for approval. */
async function interruptedRefund(fixture = refundFixture(), callId = 'call_1') {
  const model = new ScriptedModel([
    { calls: [refundCall(callId, 'cust_1', 250)] },
    (request) => ({ text: `Done: ${JSON.stringify(request.input).includes('rf_1') ? 'refunded' : 'not refunded'}` }),
  ]);
  const agent = agentWith(model, [fixture.refund]);
  const result = await run(agent, 'Refund $250 to cust_1');
  return { ...fixture, model, agent, result };
}

describe('approval_required: the run is interrupted', () => {
  it('stops the run with an interruption linked to a pending Brane approval; the tool has not run', async () => {
    const { result, refunds, runtime } = await interruptedRefund();

    expect(result.interruptions).toHaveLength(1);
    expect(refunds).toStrictEqual([]);
    const [pending] = pendingApprovals(result);
    expect(pending).toMatchObject({
      item: result.interruptions[0],
      capability: 'openai.refund_customer',
      toolName: 'refund_customer',
      callId: 'call_1',
      approverGroups: ['finance-ops'],
      reason: 'Refund of $250 needs approval',
    });
    const record = await runtime.approvals.get(pending!.approvalId);
    expect(record).toMatchObject({
      status: 'pending',
      capability: 'openai.refund_customer',
      args: { customerId: 'cust_1', amountUsd: 250 },
      tenantId: 'tenant_acme',
      principalId: 'user_lee',
    });
    expect(await runtime.approvals.list({ state: 'pending' })).toHaveLength(1);
  });
});

describe('approveInterruption', () => {
  it('approves in Brane and in the run; the resumed run runs the tool exactly once, its policies seeing the approval', async () => {
    const { result, refunds, runtime, agent, model, approvalsSeen } = await interruptedRefund();
    const [pending] = pendingApprovals(result);

    await approveInterruption(runtime, result, result.interruptions[0]!, {
      approver: 'maria@finance',
      comment: 'Known customer',
    });
    const resumed = await run(agent, result.state);

    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 250 }]);
    expect(resumed.finalOutput).toBe('Done: refunded');
    expect(JSON.parse(model.toolOutput('call_1')!)).toStrictEqual({
      refundId: 'rf_1',
      customerId: 'cust_1',
      amountUsd: 250,
    });
    expect(approvalsSeen.at(-1)).toMatchObject({
      approvalId: pending!.approvalId,
      approvedBy: 'maria@finance',
      comment: 'Known customer',
    });
    expect(await runtime.approvals.get(pending!.approvalId)).toMatchObject({
      status: 'completed',
      decision: { outcome: 'approved', by: 'maria@finance' },
    });
    await expect(runtime.resume(pending!.approvalId)).rejects.toThrow(
      expect.objectContaining({ code: 'APPROVAL_ALREADY_USED' }) as Error,
    );
    expect(refunds).toHaveLength(1);
  });

  it('leaves the run interrupted when Brane refuses the approver', async () => {
    const fixture = refundFixture();
    fixture.runtime.beforeCapability('openai.refund_customer', { name: 'four_eyes' }, (ctx) =>
      ctx.arg<number>('amountUsd', 0) > 100
        ? Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'four eyes', distinctApprover: true })
        : Decision.allow(),
    );
    const { result, runtime, agent, refunds } = await interruptedRefund(fixture);
    const item = result.interruptions[0]!;

    const approving = approveInterruption(runtime, result, item, { approver: 'user_lee' });

    await expect(approving).rejects.toThrow(ApprovalError);
    await expect(approving).rejects.toThrow(expect.objectContaining({ code: 'APPROVER_NOT_ALLOWED' }) as Error);
    const again = await run(agent, result.state);
    expect(again.interruptions).toHaveLength(1);
    expect(refunds).toStrictEqual([]);
  });

  it('refuses an item that is not an interruption of the run', async () => {
    const { result, runtime } = await interruptedRefund();
    const other = await interruptedRefund(refundFixture(), 'call_2');
    await expect(
      approveInterruption(runtime, result, other.result.interruptions[0]!, { approver: 'maria' }),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/not one of/) as string,
      }) as Error,
    );
  });

  it('refuses an interruption of another runtime', async () => {
    const { result } = await interruptedRefund();
    await expect(
      approveInterruption(new Runtime(), result, result.interruptions[0]!, { approver: 'maria' }),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/another/) as string,
      }) as Error,
    );
  });

  it('refuses an interruption Brane did not ask for (a plain tool of the SDK with needsApproval)', async () => {
    const runtime = new Runtime();
    const plain = tool({
      name: 'plain',
      description: 'An ungoverned tool',
      parameters: refundParameters,
      needsApproval: true,
      execute: () => 'ran',
    });
    const model = new ScriptedModel([{ calls: [{ ...refundCall('call_1', 'c', 1), name: 'plain' }] }]);
    const result = await run(agentWith(model, [plain]), 'go');

    expect(pendingApprovals(result)).toStrictEqual([]);
    await expect(approveInterruption(runtime, result, result.interruptions[0]!, { approver: 'maria' })).rejects.toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/not asked for by Brane/) as string,
      }) as Error,
    );
  });

  it('refuses what is not a run result', async () => {
    const { runtime, result } = await interruptedRefund();
    await expect(
      approveInterruption(runtime, {} as never, result.interruptions[0]!, { approver: 'm' }),
    ).rejects.toThrow(BraneError);
  });
});
