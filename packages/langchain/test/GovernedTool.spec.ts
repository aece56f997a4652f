import { Decision } from '@brane/decisions';
import { ApprovalRequiredError, CapabilityDeniedError } from '@brane/errors';
import { ToolMessage } from '@langchain/core/messages';
import { DynamicTool, tool } from '@langchain/core/tools';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { GovernedTool, governTool, type RefusalArtifact } from '../src/index.js';
import { toolCall } from './fixtures/ScriptedChatModel.js';
import { supportRuntime } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

describe('GovernedTool', () => {
  it('looks to a model exactly like the tool it governs', () => {
    const { runtime } = supportRuntime();
    const { refundCustomer } = supportTools();
    const governed = governTool(runtime, refundCustomer);
    expect(governed).toBeInstanceOf(GovernedTool);
    expect(governed.name).toBe('refund_customer');
    expect(governed.description).toBe(refundCustomer.description);
    expect(governed.schema).toBe(refundCustomer.schema);
    expect(governed.returnDirect).toBe(false);
    expect(convertToOpenAITool(governed)).toStrictEqual(convertToOpenAITool(refundCustomer));
    expect(governed.capability).toBe('langchain.refund_customer');
    expect(governed.tool).toBe(refundCustomer);
  });

  it('allows: runs the tool once on the arguments the policies saw, by key, and returns its output', async () => {
    const { runtime } = supportRuntime();
    const { searchOrders, runs } = supportTools();
    const seen: unknown[] = [];
    runtime.beforeCapability('langchain.search_orders', { name: 'spy' }, (ctx) => {
      seen.push([ctx.arg('customerId'), ctx.capability.type, ctx.capability.metadata]);
      return Decision.allow();
    });
    const governed = governTool(runtime, searchOrders);
    await expect(governed.invoke({ customerId: 'cust_1' })).resolves.toStrictEqual([
      { orderId: 'ord_1001', customerId: 'cust_1', totalUsd: 120 },
    ]);
    expect(runs.search_orders).toBe(1);
    expect(seen).toStrictEqual([['cust_1', 'tool', { framework: 'langchain', tool: 'search_orders' }]]);
  });

  it('invoked with a tool call, answers with a ToolMessage, as LangChain tools do', async () => {
    const { runtime } = supportRuntime();
    const governed = governTool(runtime, supportTools().searchOrders);
    const message = await governed.invoke(toolCall('search_orders', { customerId: 'cust_1' }, 'call_9'));
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message).toMatchObject({ tool_call_id: 'call_9', name: 'search_orders', status: 'success' });
    expect(message.content).toBe('[{"orderId":"ord_1001","customerId":"cust_1","totalUsd":120}]');
  });

  it('denies: the tool never runs, and the model is told why in an error ToolMessage', async () => {
    const { runtime } = supportRuntime();
    const { deleteCustomer, runs } = supportTools();
    const governed = governTool(runtime, deleteCustomer);
    const message = await governed.invoke(toolCall('delete_customer', { customerId: 'cust_1' }));
    expect(runs.delete_customer).toBe(0);
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message).toMatchObject({
      tool_call_id: 'call_delete_customer',
      status: 'error',
      content: 'Brane denied this call: Deleting customers is not allowed',
    });
    const artifact = message.artifact as RefusalArtifact;
    expect(artifact.brane).toMatchObject({ outcome: 'denied', policyName: 'no_deletions', stage: 'before' });
    // Invoked with plain arguments, it answers with the text alone.
    await expect(governed.invoke({ customerId: 'cust_1' })).resolves.toBe(
      'Brane denied this call: Deleting customers is not allowed',
    );
  });

  it('withholds the result when an after-policy denies, and says so (the tool ran)', async () => {
    const { runtime } = supportRuntime();
    const { searchOrders, runs } = supportTools();
    runtime.afterCapability('langchain.search_orders', { name: 'embargo' }, () =>
      Decision.deny('Order data is embargoed'),
    );
    const message = await governTool(runtime, searchOrders).invoke(toolCall('search_orders', { customerId: 'c' }));
    expect(runs.search_orders).toBe(1);
    expect(message.content).toBe('Brane withheld the result of this call: Order data is embargoed');
  });

  it('redacts the output before the ToolMessage is made', async () => {
    const { runtime } = supportRuntime();
    const governed = governTool(runtime, supportTools().lookupCustomer);
    const message = await governed.invoke(toolCall('lookup_customer', { customerId: 'cust_1' }));
    expect(JSON.parse(message.text)).toStrictEqual({ id: 'cust_1', name: 'Ada Lovelace', email: '[REDACTED]' });
    await expect(governed.invoke({ customerId: 'cust_1' })).resolves.toStrictEqual({
      id: 'cust_1',
      name: 'Ada Lovelace',
      email: '[REDACTED]',
    });
  });

  it('runs the tool on the arguments a transform_input decision made', async () => {
    const { runtime } = supportRuntime();
    const { refundCustomer, runs } = supportTools();
    runtime.beforeCapability('langchain.refund_customer', { name: 'cap', priority: 10 }, () =>
      Decision.transformInput({ patch: { amountUsd: 50 } }),
    );
    const output = await governTool(runtime, refundCustomer).invoke({ customerId: 'cust_1', amountUsd: 80 });
    expect(output).toStrictEqual({ refundId: 're_1', customerId: 'cust_1', amountUsd: 50 });
    expect(runs.refund_customer).toBe(1);
  });

  it('asks for approval: the tool does not run, the request is stored, and resuming runs it once', async () => {
    const { runtime, seenApprovals } = supportRuntime();
    const { refundCustomer, runs } = supportTools();
    const governed = governTool(runtime, refundCustomer);
    const message = await governed.invoke(toolCall('refund_customer', { customerId: 'cust_1', amountUsd: 250 }));
    expect(runs.refund_customer).toBe(0);
    const artifact = (message.artifact as RefusalArtifact).brane;
    if (artifact.outcome !== 'approval_required') throw new Error('expected an approval request');
    const { approval } = artifact;
    expect(approval).toStrictEqual({
      approvalId: expect.any(String) as string,
      capability: 'langchain.refund_customer',
      tool: 'refund_customer',
      toolCallId: 'call_refund_customer',
      tenantId: 'tenant_acme',
      principalId: 'user_lee',
      args: { customerId: 'cust_1', amountUsd: 250 },
      approverGroups: ['finance-ops'],
      reason: 'Refunds over $100 need finance approval',
      context: { limitUsd: 100 },
      expiresAt: expect.any(String) as string,
    });
    expect(message).toMatchObject({ status: 'error' });
    expect(message.text).toBe(
      `Brane: this call needs approval from finance-ops (approval ${approval.approvalId}) and has not run. Reason: Refunds over $100 need finance approval`,
    );
    await expect(runtime.approvals.get(approval.approvalId)).resolves.toMatchObject({ status: 'pending' });

    await runtime.approvals.approve(approval.approvalId, { approver: 'maria@finance' });
    await expect(runtime.resume(approval.approvalId)).resolves.toStrictEqual({
      refundId: 're_1',
      customerId: 'cust_1',
      amountUsd: 250,
    });
    expect(runs.refund_customer).toBe(1);
    expect(seenApprovals).toStrictEqual([undefined, 'maria@finance']);
  });

  it("with refusals: 'throw', rejects with Brane's errors instead", async () => {
    const { runtime } = supportRuntime();
    const { deleteCustomer, refundCustomer } = supportTools();
    const deleting = governTool(runtime, deleteCustomer, { refusals: 'throw' });
    const refunding = governTool(runtime, refundCustomer, { refusals: 'throw' });
    await expect(deleting.invoke(toolCall('delete_customer', { customerId: 'c' }))).rejects.toBeInstanceOf(
      CapabilityDeniedError,
    );
    const error: unknown = await refunding
      .invoke({ customerId: 'c', amountUsd: 500 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    await expect(runtime.approvals.get((error as ApprovalRequiredError).approvalId)).resolves.toMatchObject({
      capability: 'langchain.refund_customer',
      args: { customerId: 'c', amountUsd: 500 },
    });
  });

  it('validates the input against the schema before any policy runs', async () => {
    const { runtime } = supportRuntime();
    const { refundCustomer, runs } = supportTools();
    const policy = jest.fn(() => Decision.allow());
    runtime.beforeCapability('langchain.refund_customer', { name: 'spy' }, policy);
    const governed = governTool(runtime, refundCustomer);
    await expect(governed.invoke({ customerId: 'c' } as never)).rejects.toThrow(/did not match expected schema/);
    expect(policy).not.toHaveBeenCalled();
    expect(runs.refund_customer).toBe(0);
  });

  it('lets the errors of the tool itself through', async () => {
    const { runtime } = supportRuntime();
    const failing = tool(
      () => {
        throw new Error('CRM unavailable');
      },
      { name: 'crm', description: 'CRM', schema: { type: 'object', properties: {} } },
    );
    await expect(governTool(runtime, failing).invoke({})).rejects.toThrow('CRM unavailable');
  });

  it("gives a string tool's input to the policies as `input`", async () => {
    const { runtime } = supportRuntime();
    const echo = new DynamicTool({
      name: 'echo',
      description: 'Echoes.',
      func: async (text: string) => `echo: ${text}`,
    });
    const seen: unknown[] = [];
    runtime.beforeCapability('langchain.echo', { name: 'spy' }, (ctx) => {
      seen.push(ctx.arg('input'));
      return Decision.allow();
    });
    await expect(governTool(runtime, echo).invoke('hello')).resolves.toBe('echo: hello');
    expect(seen).toStrictEqual(['hello']);
  });

  it('keeps the content and artifact of a tool that returns both, and refuses in the same format', async () => {
    const { runtime } = supportRuntime();
    const report = tool(() => ['2 orders', { orders: ['ord_1', 'ord_2'] }], {
      name: 'report',
      description: 'Reports.',
      schema: { type: 'object', properties: { day: { type: 'string' } } },
      responseFormat: 'content_and_artifact',
    });
    runtime.beforeCapability('langchain.report', { name: 'no_sundays' }, (ctx) =>
      ctx.arg('day') === 'sunday' ? Decision.deny('No reports on Sundays') : Decision.allow(),
    );
    const governed = governTool(runtime, report);
    const allowed = await governed.invoke(toolCall('report', { day: 'monday' }));
    expect(allowed).toMatchObject({ content: '2 orders', artifact: { orders: ['ord_1', 'ord_2'] } });
    const denied = await governed.invoke(toolCall('report', { day: 'sunday' }));
    expect(denied).toMatchObject({ status: 'error', content: 'Brane denied this call: No reports on Sundays' });
  });

  it('runs under the identity of the enclosing runtime.withContext', async () => {
    const { runtime } = supportRuntime();
    const seen: unknown[] = [];
    runtime.beforeCapability('langchain.search_orders', { name: 'spy' }, (ctx) => {
      seen.push([ctx.tenantId, ctx.principalId]);
      return Decision.allow();
    });
    const governed = governTool(runtime, supportTools().searchOrders);
    await runtime.withContext({ tenantId: 'tenant_globex', principalId: 'user_kim' }, () =>
      governed.invoke({ customerId: 'c' }),
    );
    expect(seen).toStrictEqual([['tenant_globex', 'user_kim']]);
  });

  it('is a capability like any other: explain dry-runs a call without running the tool', async () => {
    const { runtime } = supportRuntime();
    const { refundCustomer, runs } = supportTools();
    governTool(runtime, refundCustomer);
    const { decision } = await runtime.explain('langchain.refund_customer', { customerId: 'c', amountUsd: 250 });
    expect(decision.type).toBe('approval_required');
    expect(runs.refund_customer).toBe(0);
  });
});
