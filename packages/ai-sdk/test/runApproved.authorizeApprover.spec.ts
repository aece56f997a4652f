import type { ApproverRequest } from '@brane/approvals';
import type { ModelMessage } from 'ai';
import { braneApprovalOf, governTools, type ToolApprovalGrant } from '../src/index.js';
import { requestRefundApproval } from './support/approvalFlow.js';
import { refundFixture } from './support/refundFixture.js';

// Issue 12, finding 8: an approval given through a framework is decided by an approver the app vouches for,
// whose groups Brane checks; without the hook, by a typed name, and the README says no group is checked.

const refund250 = { customerId: 'cust_1', amountUsd: 250 };
interface Session {
  readonly user?: { readonly email: string; readonly groups: readonly string[] };
}

function toolOutput(messages: readonly ModelMessage[]): { type: string; value: unknown } {
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) if (part.type === 'tool-result') return part.output as never;
  }
  throw new Error('no tool result');
}

/** The signed-in user of the generation, as the app's session gives it (the SDK's `experimental_context`). */
const fromSession = ({ context }: ApproverRequest<ToolApprovalGrant>) => {
  const user = (context.context as Session | undefined)?.user;
  return user && { id: user.email, groups: user.groups, authenticatedBy: 'session' };
};

describe('authorizeApprover on an SDK approval', () => {
  it('records the approver the app vouches for, authenticated, once Brane checked their groups', async () => {
    const { runtime, tools, refunds, approvalsSeen } = refundFixture();
    const hook = jest.fn(fromSession);
    const flow = await requestRefundApproval(governTools(runtime, tools, { authorizeApprover: hook }), refund250);
    const { approvalId } = braneApprovalOf(runtime, flow.requests[0]!)!;

    flow.respond(true, 'Known customer');
    const maria = { email: 'maria@acme', groups: ['support', 'finance-ops'] };
    await flow.resume({ experimental_context: { user: maria } });

    expect(refunds).toStrictEqual([refund250]);
    expect(hook).toHaveBeenCalledTimes(1);
    const [request] = hook.mock.calls[0]!;
    expect(request).toMatchObject({
      approval: { id: approvalId, status: 'pending', tenantId: 'tenant_acme', principalId: 'user_lee' },
      outcome: 'approved',
      claimed: undefined,
      context: { toolName: 'refund', toolCallId: 'call_1', input: refund250, reason: 'Known customer' },
    });
    expect((await runtime.approvals.get(approvalId)).decision).toMatchObject({
      by: 'maria@acme',
      authenticated: true,
      authenticatedBy: 'session',
      groups: ['finance-ops'],
      comment: 'Known customer',
    });
    expect(approvalsSeen.at(-1)?.approver).toMatchObject({ id: 'maria@acme', authenticated: true });
  });

  it('refuses an approver outside the approver groups: nothing runs, the request stays pending', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(
      governTools(runtime, tools, { authorizeApprover: fromSession }),
      refund250,
    );
    const { approvalId } = braneApprovalOf(runtime, flow.requests[0]!)!;

    flow.respond(true);
    const second = await flow.resume({ experimental_context: { user: { email: 'lee@acme', groups: ['support'] } } });

    expect(refunds).toStrictEqual([]);
    expect(toolOutput(second.response.messages)).toMatchObject({
      type: 'error-text',
      value: expect.stringMatching(/lee@acme may not decide .* needs a member of finance-ops/) as string,
    });
    expect(await runtime.approvals.get(approvalId)).toMatchObject({ status: 'pending' });
  });

  it.each([
    ['vouches for no one', () => undefined, /authorizeApprover vouched for no approver/],
    [
      'throws',
      () => {
        throw new Error('session store down');
      },
      /authorizeApprover failed on approval \w+, so it is refused\)/,
    ],
    ['returns a malformed identity', () => ({ id: 'maria' }) as never, /`authorizeApprover\(\)\.groups` must be/],
  ])("refuses the SDK approval when the hook %s (never showing the hook's own error)", async (_, hook, message) => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools, { authorizeApprover: hook }), refund250);
    const { approvalId } = braneApprovalOf(runtime, flow.requests[0]!)!;

    flow.respond(true);
    const second = await flow.resume();

    expect(refunds).toStrictEqual([]);
    expect(await runtime.approvals.get(approvalId)).toMatchObject({ status: 'pending' });
    const output = toolOutput(second.response.messages);
    expect(output.value).toMatch(message);
  });

  it('does not ask the hook when the request was approved in Brane already: that decision is used as it is', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const hook = jest.fn(fromSession);
    const flow = await requestRefundApproval(governTools(runtime, tools, { authorizeApprover: hook }), refund250);
    const { approvalId } = braneApprovalOf(runtime, flow.requests[0]!)!;
    await runtime.approvals.approve(approvalId, { approver: { id: 'maria@acme', groups: ['finance-ops'] } });

    flow.respond(true);
    await flow.resume();

    expect(hook).not.toHaveBeenCalled();
    expect(refunds).toStrictEqual([refund250]);
  });

  it('without the hook, records the typed name, unauthenticated, and checks no group', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools, { approver: 'lee@acme' }), refund250);
    const { approvalId } = braneApprovalOf(runtime, flow.requests[0]!)!;

    flow.respond(true);
    await flow.resume();

    expect(refunds).toStrictEqual([refund250]);
    expect((await runtime.approvals.get(approvalId)).decision).toMatchObject({
      by: 'lee@acme',
      authenticated: false,
      groups: [],
    });
  });
});
