import { Decision } from '@brane/decisions';
import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { braneApprovalOf, governTools } from '../src/index.js';
import { requestRefundApproval } from './support/approvalFlow.js';
import { refundFixture } from './support/refundFixture.js';
import { scriptedModel } from './support/scriptedModel.js';

describe('needsApproval of a governed tool', () => {
  it('turns approval_required into an SDK tool-approval-request, linked to the Brane request', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const { first, requests } = await requestRefundApproval(governTools(runtime, tools), {
      customerId: 'cust_1',
      amountUsd: 250,
    });

    expect(refunds).toStrictEqual([]);
    expect(first.finishReason).toBe('tool-calls');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.toolCall).toMatchObject({
      toolCallId: 'call_1',
      toolName: 'refund',
      input: { customerId: 'cust_1', amountUsd: 250 },
    });

    const brane = braneApprovalOf(runtime, requests[0]!);
    expect(brane).toMatchObject({
      capability: 'ai.refund',
      toolName: 'refund',
      toolCallId: 'call_1',
      reason: 'Refund of $250 needs approval',
      approverGroups: ['finance-ops'],
    });
    const stored = await runtime.approvals.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: brane?.approvalId,
      status: 'pending',
      capability: 'ai.refund',
      args: { customerId: 'cust_1', amountUsd: 250 },
      tenantId: 'tenant_acme',
      principalId: 'user_lee',
      policies: [{ name: 'refund_limit', version: '1.0' }],
    });
    expect(braneApprovalOf(runtime, requests[0]!.toolCall)).toStrictEqual(brane);
  });

  it('asks nothing when Brane allows or denies: no approval part, no Brane request', async () => {
    const { runtime, tools } = refundFixture();
    const { model } = scriptedModel({
      toolCalls: [
        { id: 'a', tool: 'refund', input: { customerId: 'c', amountUsd: 10 } },
        { id: 'b', tool: 'refund', input: { customerId: 'c', amountUsd: 9000 } },
      ],
    });

    const result = await generateText({
      model,
      tools: governTools(runtime, tools),
      prompt: 'go',
      stopWhen: stepCountIs(5),
    });

    expect(result.steps[0]?.content.filter((part) => part.type === 'tool-approval-request')).toStrictEqual([]);
    expect(await runtime.approvals.list()).toStrictEqual([]);
    expect(braneApprovalOf(runtime, { toolCallId: 'a', toolName: 'refund' })).toBeUndefined();
  });

  it("keeps the tool's own needsApproval: the SDK asks, Brane records nothing", async () => {
    const { runtime, tools, refunds } = refundFixture();
    const cautious = { refund: { ...tools.refund, needsApproval: true } };
    const flow = await requestRefundApproval(governTools(runtime, cautious), { customerId: 'c', amountUsd: 20 });

    expect(flow.requests).toHaveLength(1);
    expect(braneApprovalOf(runtime, flow.requests[0]!)).toBeUndefined();
    expect(await runtime.approvals.list()).toStrictEqual([]);

    flow.respond(true);
    await flow.resume();
    expect(refunds).toStrictEqual([{ customerId: 'c', amountUsd: 20 }]);
  });

  it('passes the input and the SDK options to a needsApproval function of the tool', async () => {
    const { runtime, tools } = refundFixture();
    const asked: unknown[] = [];
    const cautious = {
      refund: {
        ...tools.refund,
        needsApproval: (input: unknown, options: { toolCallId: string }) => {
          asked.push([input, options.toolCallId]);
          return false;
        },
      },
    };
    const flow = await requestRefundApproval(governTools(runtime, cautious), { customerId: 'c', amountUsd: 300 });

    expect(asked).toStrictEqual([[{ customerId: 'c', amountUsd: 300 }, 'call_1']]);
    expect(flow.requests).toHaveLength(1); // Brane asks, whatever the tool's own answer
  });

  it('never runs the tool to find out: explain, then a probe that stops at the approval', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const seen: string[] = [];
    runtime.beforeCapability('ai.refund', { name: 'observer' }, (ctx) => {
      seen.push(ctx.action.actionId);
      return Decision.allow();
    });

    await requestRefundApproval(governTools(runtime, tools), { customerId: 'c', amountUsd: 200 });

    expect(refunds).toStrictEqual([]);
    expect(seen).toHaveLength(2); // runtime.explain, then the call that records the request
    expect(await runtime.approvals.list()).toHaveLength(1);
  });

  it('does not ask for a call whose input Brane cannot take: execute reports it', async () => {
    const { runtime } = refundFixture();
    const listTool = tool({
      inputSchema: jsonSchema<string[]>({ type: 'array', items: { type: 'string' } }),
      execute: async (items: string[]) => items.length,
    });
    const { model } = scriptedModel({ toolCalls: [{ id: 'a', tool: 'count', input: ['x'] }] });

    const result = await generateText({
      model,
      tools: governTools(runtime, { count: listTool }),
      prompt: 'go',
      stopWhen: stepCountIs(5),
    });

    expect(result.steps[0]?.content.find((part) => part.type === 'tool-error')).toMatchObject({
      error: expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as unknown,
    });
  });
});
