import { InMemoryApprovalStore } from '@brane/approvals';
import { ConfigurationError } from '@brane/errors';
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { GovernedToolNode, governToolNode, governTools, pendingApprovals, type RefusalArtifact } from '../src/index.js';
import { agentGraph, thread } from './fixtures/agentGraph.js';
import { callThenAnswer, ScriptedChatModel, toolCall } from './fixtures/ScriptedChatModel.js';
import { supportRuntime, testApprover, type SupportRuntimeOptions } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

const hello = { messages: [new HumanMessage('Please sort out customer cust_1.')] };

/** A support agent graph whose model makes `calls`, over the four support tools in a governed tool node. */
function setup(calls: Parameters<typeof callThenAnswer>[0], options: SupportRuntimeOptions = {}) {
  const { runtime, seenApprovals } = supportRuntime(options);
  const tools = supportTools();
  const node = governToolNode(
    runtime,
    [tools.searchOrders, tools.refundCustomer, tools.lookupCustomer, tools.deleteCustomer],
    { authorizeApprover: testApprover },
  );
  const model = new ScriptedChatModel(callThenAnswer(calls));
  return { runtime, seenApprovals, runs: tools.runs, node, model, graph: agentGraph(model, node) };
}

/** The tool messages of a conversation, by tool call id. */
function toolMessages(messages: readonly BaseMessage[]): Record<string, ToolMessage> {
  const found: Record<string, ToolMessage> = {};
  for (const message of messages) if (ToolMessage.isInstance(message)) found[message.tool_call_id] = message;
  return found;
}

const refund = (amountUsd: number, id = 'call_refund') =>
  toolCall('refund_customer', { customerId: 'cust_1', amountUsd }, id);

describe('GovernedToolNode in a graph', () => {
  it('allow, deny and redaction flow through the graph, which completes', async () => {
    const { graph, runs, model } = setup([
      toolCall('search_orders', { customerId: 'cust_1' }),
      toolCall('lookup_customer', { customerId: 'cust_1' }),
      toolCall('delete_customer', { customerId: 'cust_1' }),
      refund(40),
    ]);
    const result = await graph.invoke(hello, thread());
    expect(pendingApprovals(result)).toStrictEqual([]);
    const told = toolMessages(result.messages);
    expect(told['call_search_orders']).toMatchObject({ status: 'success' });
    expect(JSON.parse(told['call_lookup_customer']!.text)).toStrictEqual({
      id: 'cust_1',
      name: 'Ada Lovelace',
      email: '[REDACTED]',
    });
    expect(told['call_delete_customer']).toMatchObject({
      status: 'error',
      content: 'Brane denied this call: Deleting customers is not allowed',
    });
    expect(JSON.parse(told['call_refund']!.text)).toStrictEqual({
      refundId: 're_1',
      customerId: 'cust_1',
      amountUsd: 40,
    });
    expect(runs).toStrictEqual({ search_orders: 1, refund_customer: 1, lookup_customer: 1, delete_customer: 0 });
    expect(model.calls).toHaveLength(2); // the model saw the tool messages and answered
    expect(result.messages.at(-1)?.text).toContain('Brane denied this call');
  });

  it('an approval pauses the graph with an interrupt that shows the stored request', async () => {
    const { graph, runtime, runs } = setup([refund(250)]);
    const result = await graph.invoke(hello, thread());
    const [pending, ...others] = pendingApprovals(result);
    expect(others).toStrictEqual([]);
    const record = await runtime.approvals.get(pending!.approval.approvalId);
    expect(pending!.approval).toStrictEqual({
      approvalId: record.id,
      capability: 'langchain.refund_customer',
      tool: 'refund_customer',
      toolCallId: 'call_refund',
      tenantId: 'tenant_acme',
      principalId: 'user_lee',
      args: { customerId: 'cust_1', amountUsd: 250 },
      approverGroups: ['finance-ops'],
      reason: 'Refunds over $100 need finance approval',
      context: { limitUsd: 100 },
      expiresAt: record.expiresAt,
    });
    expect(record.status).toBe('pending');
    expect(runs.refund_customer).toBe(0);
    const state = await graph.getState(thread());
    expect(state.next).toStrictEqual(['tools']);
    expect(pendingApprovals(state).map((entry) => entry.approval.approvalId)).toStrictEqual([record.id]);
  });

  it('resuming with an approval records it in Brane and runs the call exactly once, under ctx.approval', async () => {
    const { graph, runtime, runs, seenApprovals } = setup([refund(250)]);
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const id = pending!.approval.approvalId;
    const result = await graph.invoke(
      new Command({ resume: { approved: true, approver: 'maria@finance', comment: 'Known customer' } }),
      thread(),
    );
    expect(pendingApprovals(result)).toStrictEqual([]);
    expect(runs.refund_customer).toBe(1);
    expect(seenApprovals).toStrictEqual([undefined, 'maria@finance']);
    expect(JSON.parse(toolMessages(result.messages)['call_refund']!.text)).toMatchObject({ amountUsd: 250 });
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({
      status: 'completed',
      decision: { outcome: 'approved', by: 'maria@finance', comment: 'Known customer' },
      execution: { outcome: 'succeeded' },
    });
    await expect(runtime.approvals.list()).resolves.toHaveLength(1);
  });

  it('the re-run of the node on resume runs no allowed sibling again and asks for no second approval', async () => {
    const { graph, runtime, runs } = setup([
      toolCall('search_orders', { customerId: 'cust_1' }),
      refund(250),
      toolCall('lookup_customer', { customerId: 'cust_1' }),
    ]);
    await graph.invoke(hello, thread());
    expect(runs).toMatchObject({ search_orders: 1, lookup_customer: 1, refund_customer: 0 });
    const result = await graph.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(runs).toMatchObject({ search_orders: 1, lookup_customer: 1, refund_customer: 1 });
    await expect(runtime.approvals.list()).resolves.toHaveLength(1);
    expect(Object.keys(toolMessages(result.messages))).toStrictEqual([
      'call_search_orders',
      'call_refund',
      'call_lookup_customer',
    ]);
  });

  it('two approvals in one message are asked one after the other, each run once', async () => {
    const { graph, runs, seenApprovals } = setup([refund(250, 'call_a'), refund(300, 'call_b')]);
    const first = pendingApprovals(await graph.invoke(hello, thread()));
    expect(first.map((entry) => entry.approval.toolCallId)).toStrictEqual(['call_a']);
    const second = pendingApprovals(
      await graph.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread()),
    );
    expect(second.map((entry) => entry.approval.toolCallId)).toStrictEqual(['call_b']);
    expect(runs.refund_customer).toBe(1);
    const result = await graph.invoke(new Command({ resume: { approved: true, approver: 'sam@finance' } }), thread());
    expect(runs.refund_customer).toBe(2);
    expect(seenApprovals).toStrictEqual([undefined, undefined, 'maria@finance', 'sam@finance']);
    const told = toolMessages(result.messages);
    expect([told['call_a']!.text, told['call_b']!.text].map((text) => JSON.parse(text) as unknown)).toStrictEqual([
      { refundId: 're_1', customerId: 'cust_1', amountUsd: 250 },
      { refundId: 're_2', customerId: 'cust_1', amountUsd: 300 },
    ]);
  });

  it('a rejection is recorded in Brane, and the model is told the call did not run', async () => {
    const { graph, runtime, runs } = setup([refund(250)]);
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const result = await graph.invoke(
      new Command({ resume: { approved: false, approver: 'maria@finance', comment: 'Too much' } }),
      thread(),
    );
    expect(runs.refund_customer).toBe(0);
    const id = pending!.approval.approvalId;
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'rejected' });
    const told = toolMessages(result.messages)['call_refund']!;
    expect(told).toMatchObject({
      status: 'error',
      content: `Brane: approval ${id} was not approved by maria@finance (Too much), so this call did not run.`,
    });
    expect((told.artifact as RefusalArtifact).brane).toMatchObject({ outcome: 'not_approved', approvalId: id });
    expect(result.messages.at(-1)).toBeInstanceOf(AIMessage);
  });

  it('with no approver vouched for, the decision must be in Brane already: asked again while it is pending', async () => {
    const { graph, runtime, runs } = setup([refund(250)]);
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const id = pending!.approval.approvalId;
    const again = pendingApprovals(await graph.invoke(new Command({ resume: { approved: true } }), thread()));
    expect(again.map((entry) => [entry.approval.approvalId, entry.problem])).toStrictEqual([
      [id, `authorizeApprover vouched for no approver, and approval ${id} is still pending in Brane`],
    ]);
    expect(runs.refund_customer).toBe(0);
    await runtime.approvals.approve(id, { approver: 'maria@finance' }); // e.g. `brane approvals approve`
    const result = await graph.invoke(new Command({ resume: { approved: true } }), thread());
    expect(runs.refund_customer).toBe(1);
    expect(pendingApprovals(result)).toStrictEqual([]);
  });

  it("Brane's own decision wins: a request rejected in Brane is not run on `approved: true`", async () => {
    const { graph, runtime, runs } = setup([refund(250)]);
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const id = pending!.approval.approvalId;
    await runtime.approvals.reject(id, { approver: 'sam@finance', comment: 'Fraud' });
    const result = await graph.invoke(new Command({ resume: { approved: true } }), thread());
    expect(runs.refund_customer).toBe(0);
    expect(toolMessages(result.messages)['call_refund']!.text).toBe(
      `Brane: approval ${id} was rejected by sam@finance (Fraud), so this call did not run.`,
    );
  });

  it('an answer that is not an ApprovalAnswer is asked again, and a valid one then works', async () => {
    const { graph, runs } = setup([refund(250)]);
    await graph.invoke(hello, thread());
    const again = pendingApprovals(await graph.invoke(new Command({ resume: 'yes' }), thread()));
    expect(again[0]?.problem).toBe(
      'The answer was `"yes"`: expected { approved: boolean, approver?: string, comment?: string }',
    );
    await graph.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(runs.refund_customer).toBe(1);
  });

  it('an approver Brane does not allow is asked again, and the request stays pending', async () => {
    const { graph, runtime, runs } = setup([refund(250)], { distinctApprover: true });
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    const again = pendingApprovals(
      await graph.invoke(new Command({ resume: { approved: true, approver: 'user_lee' } }), thread()),
    );
    expect(again[0]?.problem).toMatch(/^Brane could not record the decision on approval .*: /);
    await expect(runtime.approvals.get(pending!.approval.approvalId)).resolves.toMatchObject({ status: 'pending' });
    await graph.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(runs.refund_customer).toBe(1);
  });

  it('an approval that expired before the answer is reported, and never runs', async () => {
    const { graph, runs } = setup([refund(250)], { expiresInMs: 30 });
    const [pending] = pendingApprovals(await graph.invoke(hello, thread()));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const result = await graph.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(runs.refund_customer).toBe(0);
    expect(toolMessages(result.messages)['call_refund']!.text).toBe(
      `Brane: approval ${pending!.approval.approvalId} expired before this call could run, so it did not run.`,
    );
  });

  it('resumes in another process: a new runtime, node and graph sharing the stores run the call once', async () => {
    const store = new InMemoryApprovalStore();
    const secret = 'a-secret-shared-by-every-process-of-this-app';
    const checkpointer = new MemorySaver();
    const first = supportRuntime({ store, secret });
    const firstTools = supportTools();
    const before = agentGraph(
      new ScriptedChatModel(callThenAnswer([toolCall('search_orders', { customerId: 'c' }), refund(250)])),
      governToolNode(first.runtime, [firstTools.searchOrders, firstTools.refundCustomer], {
        authorizeApprover: testApprover,
      }),
      checkpointer,
    );
    await before.invoke(hello, thread());

    const second = supportRuntime({ store, secret });
    const secondTools = supportTools();
    const after = agentGraph(
      new ScriptedChatModel(callThenAnswer([])),
      governToolNode(second.runtime, [secondTools.searchOrders, secondTools.refundCustomer], {
        authorizeApprover: testApprover,
      }),
      checkpointer,
    );
    await after.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(firstTools.runs).toMatchObject({ search_orders: 1, refund_customer: 0 });
    expect(secondTools.runs).toMatchObject({ search_orders: 0, refund_customer: 1 });
    await expect(second.runtime.approvals.list()).resolves.toHaveLength(1);
  });

  it('keeps a Command a tool returns across the interrupt', async () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    const remember = tool(
      (_input, config) =>
        new Command({
          update: {
            messages: [
              new ToolMessage({
                content: 'noted',
                tool_call_id: (config as { toolCall?: { id?: string } }).toolCall?.id ?? '',
              }),
            ],
          },
        }),
      { name: 'remember', description: 'Remembers.', schema: { type: 'object' as const, properties: {} } },
    );
    const graph = agentGraph(
      new ScriptedChatModel(callThenAnswer([toolCall('remember', {}), refund(250)])),
      governToolNode(runtime, [remember, tools.refundCustomer], { authorizeApprover: testApprover }),
    );
    await graph.invoke(hello, thread());
    const result = await graph.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(toolMessages(result.messages)['call_remember']?.text).toBe('noted');
    expect(tools.runs.refund_customer).toBe(1);
  });

  it('needs a checkpointer to pause for an approval: without one, a ConfigurationError', async () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    const graph = agentGraph(
      new ScriptedChatModel(callThenAnswer([refund(250)])),
      governToolNode(runtime, [tools.refundCustomer], { authorizeApprover: testApprover }),
      false,
    );
    const error: unknown = await graph.invoke(hello).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringMatching(/needs a checkpointer/) as string,
    });
    expect(tools.runs.refund_customer).toBe(0);
  });

  it('outside a graph, answers an approval request with a message, as the governed tools do anywhere', async () => {
    const { node, runs } = setup([]);
    const output = (await node.invoke({
      messages: [
        new AIMessage({ content: '', tool_calls: [refund(250), toolCall('delete_customer', { customerId: 'c' })] }),
      ],
    })) as { messages: ToolMessage[] };
    expect(output.messages.map((message) => message.text)).toStrictEqual([
      expect.stringMatching(
        /^Brane: this call needs approval from finance-ops \(approval \w+\) and has not run\./,
      ) as string,
      'Brane denied this call: Deleting customers is not allowed',
    ]);
    expect(runs.refund_customer).toBe(0);
  });

  it('is the ToolNode of a prebuilt agent too', async () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- still the prebuilt agent of @langchain/langgraph 1.x
    const agent = createReactAgent({
      llm: new ScriptedChatModel(callThenAnswer([refund(250)])),
      tools: governToolNode(runtime, [tools.refundCustomer], { authorizeApprover: testApprover }),
      checkpointer: new MemorySaver(),
    });
    const [pending] = pendingApprovals(await agent.invoke(hello, thread()));
    expect(pending?.approval.capability).toBe('langchain.refund_customer');
    await agent.invoke(new Command({ resume: { approved: true, approver: 'maria@finance' } }), thread());
    expect(tools.runs.refund_customer).toBe(1);
  });

  it('refuses tools that this runtime does not govern', () => {
    const { runtime } = supportRuntime();
    const other = supportRuntime().runtime;
    const tools = supportTools();
    expect(() => new GovernedToolNode(runtime, governTools(other, [tools.searchOrders]))).toThrow(ConfigurationError);
    expect(() => new GovernedToolNode(runtime, [tools.searchOrders as never])).toThrow(
      'every tool must be governed by this runtime',
    );
  });
});
