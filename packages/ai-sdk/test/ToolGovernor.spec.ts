import { currentAction } from '@brane/core';
import { Decision } from '@brane/decisions';
import { jsonSchema, tool, type ToolExecutionOptions } from 'ai';
import { governTools, isBraneToolDenial } from '../src/index.js';
import { refundFixture, type RefundInput } from './support/refundFixture.js';
import { executeTool } from './support/scriptedModel.js';

describe('the capability behind a governed tool', () => {
  it('passes the SDK options through to the tool, and joins a sandbox signal to its abort signal', async () => {
    const { runtime } = refundFixture();
    runtime.beforeCapability('ai.wait', { name: 'limit' }, () => Decision.sandbox({ timeoutMs: 5_000 }));
    const seen: ToolExecutionOptions[] = [];
    const waitTool = tool({
      inputSchema: jsonSchema<{ ms: number }>({ type: 'object' }),
      execute: async (_input: { ms: number }, toolOptions: ToolExecutionOptions) => {
        seen.push(toolOptions);
        return currentAction()?.capability.name;
      },
    });
    const controller = new AbortController();
    const governed = governTools(runtime, { wait: waitTool });

    const result = await executeTool(
      governed.wait,
      { ms: 1 },
      { abortSignal: controller.signal, experimental_context: 7 },
    );

    expect(result).toBe('ai.wait');
    expect(seen[0]).toMatchObject({ toolCallId: 'call_1', messages: [], experimental_context: 7 });
    expect(seen[0]?.abortSignal).toBeInstanceOf(AbortSignal);
    expect(seen[0]?.abortSignal).not.toBe(controller.signal);
    controller.abort();
    expect(seen[0]?.abortSignal?.aborted).toBe(true);
  });

  it('tells the model a call waits for approval when execute runs without needsApproval, and runtime.resume runs it later', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const governed = governTools(runtime, tools);

    const output = await executeTool(governed.refund, { customerId: 'c1', amountUsd: 300 });

    expect(isBraneToolDenial(output)).toBe(true);
    expect(output).toMatchObject({ outcome: 'approval_required', approverGroups: ['finance-ops'] });
    expect(refunds).toStrictEqual([]);
    const { approvalId } = output as { approvalId: string };
    await runtime.approvals.approve(approvalId, { approver: 'maria@finance' });
    expect(await runtime.resume(approvalId)).toStrictEqual({ refunded: true, customerId: 'c1', amountUsd: 300 });
    expect(refunds).toStrictEqual([{ customerId: 'c1', amountUsd: 300 }]);
  });

  it('runs the tool governed last under a name when resumed outside the SDK', async () => {
    const { runtime, tools } = refundFixture();
    governTools(runtime, tools);
    const calls: string[] = [];
    const newer = {
      ...tools,
      refund: tool({
        inputSchema: tools.refund.inputSchema,
        execute: async (input: RefundInput) => {
          calls.push(input.customerId);
          return 'newer';
        },
      }),
    };
    const governed = governTools(runtime, newer);
    const pending = (await executeTool(governed.refund, { customerId: 'c2', amountUsd: 200 })) as {
      approvalId: string;
    };
    await runtime.approvals.approve(pending.approvalId, { approver: 'maria@finance' });

    expect(await runtime.resume(pending.approvalId)).toBe('newer');
    expect(calls).toStrictEqual(['c2']);
  });

  it('never runs one tool in the scope of another: a resume inside a tool runs its own capability', async () => {
    const { runtime, tools, refunds } = refundFixture();
    let approvalId = '';
    const outer = tool({
      inputSchema: jsonSchema<{ go: boolean }>({ type: 'object' }),
      execute: async () => runtime.resume(approvalId),
    });
    const governed = governTools(runtime, { ...tools, outer });
    const pending = (await executeTool(governed.refund, { customerId: 'c3', amountUsd: 150 })) as {
      approvalId: string;
    };
    approvalId = pending.approvalId;
    await runtime.approvals.approve(approvalId, { approver: 'maria@finance' });

    expect(await executeTool(governed.outer, { go: true }, { toolCallId: 'call_2' })).toMatchObject({
      refunded: true,
    });
    expect(refunds).toStrictEqual([{ customerId: 'c3', amountUsd: 150 }]);
  });
});
