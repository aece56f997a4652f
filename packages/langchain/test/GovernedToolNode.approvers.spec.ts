import { HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { Command } from '@langchain/langgraph';
import { governToolNode, pendingApprovals, type GovernToolNodeOptions } from '../src/index.js';
import { agentGraph, thread } from './fixtures/agentGraph.js';
import { callThenAnswer, ScriptedChatModel, toolCall } from './fixtures/ScriptedChatModel.js';
import { supportRuntime, testApprover } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

// Issue 12: finding 8 (the approver came from the resume value, and only distinctApprover was checked) and
// finding 7 (an approval decided, or resumed, under another tenant or principal than the call's).

const hello = { messages: [new HumanMessage('Refund cust_1 $250.')] };
const mallory = { tenantId: 'tenant_globex', principalId: 'user_mallory' };

/** A refund graph that pauses for approval (`user_lee` of `tenant_acme`); every model call is `call_refund`. */
function setup(options: GovernToolNodeOptions = {}) {
  const { runtime } = supportRuntime();
  const tools = supportTools();
  const node = governToolNode(runtime, [tools.refundCustomer], options);
  const model = new ScriptedChatModel(
    callThenAnswer([toolCall('refund_customer', { customerId: 'cust_1', amountUsd: 250 }, 'call_refund')]),
  );
  return { runtime, runs: tools.runs, graph: agentGraph(model, node) };
}

/** The config of a resume: thread `id`, with the user the server authenticated (what `testApprover` reads). */
const as = (user: string, id = 'thread-1') => ({ configurable: { thread_id: id, user } });

function toolText(messages: readonly BaseMessage[]): string | undefined {
  return messages.find((message): message is ToolMessage => ToolMessage.isInstance(message))?.text;
}

describe('who answers an approval interrupt', () => {
  it('without authorizeApprover, a resume value that names an approver is refused, and nothing is recorded', async () => {
    const { graph, runtime, runs } = setup();
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const id = pending!.approval.approvalId;

    const forged = { resume: { approved: true, approver: 'maria@finance' } };
    const [again] = pendingApprovals(await graph.invoke(new Command(forged), thread()));

    expect(again!.problem).toMatch(/names an `approver`, which is only what the resume value says/);
    expect(runs.refund_customer).toBe(0);
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'pending' });
    // The way that works without the hook: decide in Brane, then resume to relay it.
    await runtime.approvals.approve(id, { approver: { id: 'maria@finance', groups: ['finance-ops'] } });
    const result = await graph.invoke(new Command({ resume: { approved: true } }), thread());
    expect(runs.refund_customer).toBe(1);
    expect(pendingApprovals(result)).toStrictEqual([]);
  });

  it('with authorizeApprover, the server-authenticated user decides, whatever name the resume value claims', async () => {
    const { graph, runtime, runs } = setup({ authorizeApprover: testApprover });
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const id = pending!.approval.approvalId;

    // The client claims maria@finance; the server authenticated sam@support, who is not in finance-ops.
    const claim = { resume: { approved: true, approver: 'maria@finance' } };
    const [again] = pendingApprovals(await graph.invoke(new Command(claim), as('sam@support')));
    expect(again!.problem).toMatch(/sam@support may not decide .* needs a member of finance-ops/);
    expect(runs.refund_customer).toBe(0);

    await graph.invoke(new Command({ resume: { approved: true, comment: 'Known customer' } }), as('maria@finance'));
    expect(runs.refund_customer).toBe(1);
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({
      status: 'completed',
      decision: { by: 'maria@finance', authenticated: true, groups: ['finance-ops'], comment: 'Known customer' },
    });
  });

  it('a rejection names the approver Brane recorded, never a name the resume value claims', async () => {
    const vouched = setup({ authorizeApprover: testApprover });
    await vouched.graph.invoke(hello, thread());
    const rejected = await vouched.graph.invoke(
      new Command({ resume: { approved: false, approver: 'the CFO', comment: 'No' } }),
      as('sam@finance'),
    );
    expect(toolText(rejected.messages)).toMatch(/was not approved by sam@finance \(No\), so this call did not run/);

    const plain = setup();
    await plain.graph.invoke(hello, thread());
    const declined = await plain.graph.invoke(new Command({ resume: { approved: false } }), thread());
    expect(toolText(declined.messages)).toMatch(/^Brane: approval \w+ was not approved, so this call did not run\.$/);
  });
});

describe('a paused graph resumed under another identity', () => {
  it('decides nothing and runs nothing; under its own identity it then runs once', async () => {
    const { graph, runtime, runs } = setup({ authorizeApprover: testApprover });
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const id = pending!.approval.approvalId;
    expect(pending!.approval).toMatchObject({ tenantId: 'tenant_acme', principalId: 'user_lee' });

    const [again] = pendingApprovals(
      await runtime.withContext(mallory, () =>
        graph.invoke(new Command({ resume: { approved: true } }), as('maria@finance')),
      ),
    );
    expect(again!.problem).toMatch(/requested under another identity.*resume the graph under the tenant and principal/);
    expect(runs.refund_customer).toBe(0);
    expect(await runtime.approvals.get(id)).toMatchObject({ status: 'pending' });

    await graph.invoke(new Command({ resume: { approved: true } }), as('maria@finance'));
    expect(runs.refund_customer).toBe(1);
  });

  it('colliding tool call ids in two identities’ threads make two requests, each decided alone', async () => {
    const { graph, runtime, runs } = setup({ authorizeApprover: testApprover });
    const [lees] = pendingApprovals(await graph.invoke(hello, thread('lee')));
    const [mine] = pendingApprovals(await runtime.withContext(mallory, () => graph.invoke(hello, thread('mallory'))));

    expect(mine!.approval.approvalId).not.toBe(lees!.approval.approvalId);
    expect(mine!.approval).toMatchObject({ toolCallId: 'call_refund', ...mallory });

    await runtime.withContext(mallory, () =>
      graph.invoke(new Command({ resume: { approved: true } }), as('maria@finance', 'mallory')),
    );
    expect(runs.refund_customer).toBe(1);
    expect(await runtime.approvals.get(mine!.approval.approvalId)).toMatchObject({ status: 'completed' });
    expect(await runtime.approvals.get(lees!.approval.approvalId)).toMatchObject({ status: 'pending' });
  });
});
