import type { ApproverRequest } from '@brane/approvals';
import { ApprovalError, BraneError, ConfigurationError } from '@brane/errors';
import { run, tool } from '@openai/agents';
import { approveInterruption, governTools, rejectInterruption, type InterruptionApproval } from '../src/index.js';
import { agentWith, refundCall, refundFixture, refundParameters } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

// Issue 12, finding 8: approveInterruption and rejectInterruption decide as the approver the tool's
// authorizeApprover vouches for (its groups checked by Brane), else as the approver they are given.

interface Request {
  readonly session?: { readonly email: string; readonly groups: readonly string[] };
}

const fromSession = ({ context }: ApproverRequest<InterruptionApproval>) => {
  const session = (context.context as Request | undefined)?.session;
  return session && { id: session.email, groups: session.groups, authenticatedBy: 'session' };
};

/** A refund of $250 that Brane asks approval for, on a tool whose interruptions `hook` authorizes. */
async function interrupted(hook?: (request: ApproverRequest<InterruptionApproval>) => unknown) {
  const fixture = refundFixture(hook === undefined ? {} : { authorizeApprover: hook as never });
  const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'done' }]);
  const agent = agentWith(model, [fixture.refund]);
  const result = await run(agent, 'Refund $250 to cust_1');
  return { ...fixture, agent, result, item: result.interruptions[0]! };
}

describe('approveInterruption and rejectInterruption with authorizeApprover', () => {
  it('approve as the approver the hook vouches for, given the run, the item, the context and the claim', async () => {
    const hook = jest.fn(fromSession);
    const { runtime, result, item, agent, refunds, approvalsSeen } = await interrupted(hook);
    const request = { session: { email: 'maria@acme', groups: ['finance-ops'] } };

    await approveInterruption(runtime, result, item, { approver: 'someone', comment: 'ok', context: request });
    await run(agent, result.state);

    expect(hook).toHaveBeenCalledWith(
      expect.objectContaining({
        approval: expect.objectContaining({ status: 'pending', principalId: 'user_lee' }) as unknown,
        outcome: 'approved',
        claimed: 'someone',
        context: { run: result, item, context: request },
      }),
    );
    expect(refunds).toHaveLength(1);
    expect(approvalsSeen.at(-1)?.approver).toStrictEqual({
      id: 'maria@acme',
      authenticated: true,
      authenticatedBy: 'session',
      groups: ['finance-ops'],
    });
  });

  it('refuses an approver outside the groups, and one the hook does not vouch for: the run stays interrupted', async () => {
    const { runtime, result, item, agent, refunds } = await interrupted(fromSession);

    const outside = approveInterruption(runtime, result, item, {
      context: { session: { email: 'lee@acme', groups: ['support'] } },
    });
    await expect(outside).rejects.toThrow(/lee@acme may not decide .* needs a member of finance-ops/);
    const nobody = approveInterruption(runtime, result, item, { approver: 'maria@acme' });
    await expect(nobody).rejects.toBeInstanceOf(ApprovalError);
    await expect(nobody).rejects.toThrow(/authorizeApprover vouched for no approver/);

    const again = await run(agent, result.state);
    expect(again.interruptions).toHaveLength(1);
    expect(refunds).toStrictEqual([]);
  });

  it('reject as the vouched approver; the model is told who', async () => {
    const { runtime, result, item, agent, refunds } = await interrupted(fromSession);
    const context = { session: { email: 'maria@acme', groups: ['finance-ops'] } };

    await rejectInterruption(runtime, result, item, { comment: 'Not this customer', context });
    const resumed = await run(agent, result.state);

    expect(refunds).toStrictEqual([]);
    expect(String(resumed.finalOutput)).toBe('done');
    const [pending] = (await runtime.approvals.list()).map((record) => record.decision);
    expect(pending).toMatchObject({ outcome: 'rejected', by: 'maria@acme', authenticated: true });
  });
});

describe('approveInterruption without authorizeApprover', () => {
  it('records a typed name as unauthenticated, and checks the groups of an identity the caller vouches for', async () => {
    const first = await interrupted();
    await approveInterruption(first.runtime, first.result, first.item, { approver: 'maria@finance' });
    const [typed] = await first.runtime.approvals.list();
    expect(typed!.decision).toMatchObject({ by: 'maria@finance', authenticated: false, groups: [] });

    const second = await interrupted();
    const lee = { id: 'lee@acme', groups: ['support'] };
    await expect(approveInterruption(second.runtime, second.result, second.item, { approver: lee })).rejects.toThrow(
      expect.objectContaining({ code: 'APPROVER_NOT_ALLOWED' }) as Error,
    );
  });

  it('needs an approver', async () => {
    const { runtime, result, item } = await interrupted();
    await expect(approveInterruption(runtime, result, item, {})).rejects.toThrow(BraneError);
    await expect(approveInterruption(runtime, result, item, {})).rejects.toThrow(/`approver` is required/);
    await expect(approveInterruption(runtime, result, item, null as never)).rejects.toThrow(/expected \{ approver/);
  });

  it('refuses an authorizeApprover that is not a function', () => {
    const { runtime } = refundFixture({ runtime: {} });
    const plain = tool({ name: 'plain', description: 'x', parameters: refundParameters, execute: () => 'ok' });
    expect(() => governTools(runtime, [plain], { authorizeApprover: 'maria' as never })).toThrow(ConfigurationError);
  });
});
