import { InMemoryApprovalStore } from '@brane/approvals';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { RunContext, hostedMcpTool, run, tool } from '@openai/agents';
import { approveInterruption, governTools, isGovernedTool, pendingApprovals } from '../src/index.js';
import { agentWith, refundCall, refundParameters, type RefundInput } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

/** Plain SDK tools, as an application already has them, and what they did. */
function existingTools() {
  const refunds: RefundInput[] = [];
  const refund = tool({
    name: 'refund_customer',
    description: 'Refunds a customer',
    parameters: refundParameters,
    execute: (input) => {
      refunds.push(input as RefundInput);
      return `refunded ${(input as RefundInput).amountUsd}`;
    },
  });
  const lookup = tool({
    name: 'lookup_customer',
    description: 'Looks a customer up',
    parameters: {
      type: 'object',
      properties: { customerId: { type: 'string' } },
      required: ['customerId'],
      additionalProperties: false,
    },
    execute: (input) => ({ id: (input as { customerId: string }).customerId, email: 'ada@example.com' }),
  });
  return { refund, lookup, refunds };
}

/** A runtime whose policies limit refunds and mask emails. */
function policedRuntime(): Runtime {
  const runtime = new Runtime({
    // Some tests govern only one of the two tools, so the other one's policy targets an unknown capability.
    unknownTargets: 'ignore',
    tenantId: 'tenant_acme',
    principalId: 'user_lee',
    approvals: { store: new InMemoryApprovalStore() },
  });
  runtime.beforeCapability('openai.refund_customer', { name: 'refund_limit' }, (ctx) => {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (amount > 500) return Decision.deny(`Refund of $${amount} exceeds the limit`);
    if (amount > 100) return Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Large refund' });
    return Decision.allow();
  });
  runtime.afterCapability('openai.lookup_customer', { name: 'mask_email' }, () => Decision.redact(['email']));
  return runtime;
}

describe('governTools', () => {
  it('governs existing function tools: allow, deny and redaction flow through the run', async () => {
    const { refund, lookup, refunds } = existingTools();
    const runtime = policedRuntime();
    const tools = governTools(runtime, [refund, lookup], {
      capabilities: { refund_customer: { risk: 'high', effect: { type: 'financial' } } },
    });
    const model = new ScriptedModel([
      {
        calls: [
          refundCall('call_1', 'cust_1', 40),
          refundCall('call_2', 'cust_2', 900),
          { name: 'lookup_customer', callId: 'call_3', args: { customerId: 'cust_ada' } },
        ],
      },
      { text: 'done' },
    ]);

    const result = await run(agentWith(model, tools), 'go');

    expect(result.finalOutput).toBe('done');
    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 40 }]);
    expect(model.toolOutput('call_1')).toBe('refunded 40');
    expect(model.toolOutput('call_2')).toBe('Brane denied this call: Refund of $900 exceeds the limit');
    expect(JSON.parse(model.toolOutput('call_3')!)).toStrictEqual({ id: 'cust_ada', email: '[REDACTED]' });
    expect(runtime.capabilities.map(({ name, risk, params }) => [name, risk, params])).toStrictEqual([
      ['openai.refund_customer', 'high', ['customerId', 'amountUsd']],
      ['openai.lookup_customer', 'medium', ['customerId']],
    ]);
    expect(tools.map((governed) => governed.name)).toStrictEqual(['refund_customer', 'lookup_customer']);
    expect(tools.every(isGovernedTool)).toBe(true);
    expect(isGovernedTool(refund)).toBe(false);
  });

  it('maps approval_required onto an interruption, and runs the approved call once', async () => {
    const { refund, refunds } = existingTools();
    const runtime = policedRuntime();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'done' }]);
    const agent = agentWith(model, governTools(runtime, [refund]));

    const result = await run(agent, 'go');
    expect(refunds).toStrictEqual([]);
    expect(pendingApprovals(result)).toHaveLength(1);
    await approveInterruption(runtime, result, result.interruptions[0]!, { approver: 'maria@finance' });
    const resumed = await run(agent, result.state);

    expect(resumed.finalOutput).toBe('done');
    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 250 }]);
    expect(model.toolOutput('call_1')).toBe('refunded 250');
  });

  it("keeps a tool's own needsApproval, after Brane's", async () => {
    const runtime = new Runtime();
    let ran = 0;
    const guarded = tool({
      name: 'guarded',
      description: 'Asks the SDK for approval itself',
      parameters: refundParameters,
      needsApproval: true,
      execute: () => {
        ran += 1;
        return 'ran';
      },
    });
    const model = new ScriptedModel([
      { calls: [{ ...refundCall('call_1', 'c', 1), name: 'guarded' }] },
      { text: 'ok' },
    ]);
    const agent = agentWith(model, governTools(runtime, [guarded]));

    const result = await run(agent, 'go');
    expect(result.interruptions).toHaveLength(1);
    expect(pendingApprovals(result)).toStrictEqual([]);
    result.state.approve(result.interruptions[0]!);
    await run(agent, result.state);

    expect(ran).toBe(1);
  });

  it('refuses arguments that are not JSON, without running the tool', async () => {
    const { refund, refunds } = existingTools();
    const [governed] = governTools(new Runtime(), [refund]);

    const output = await governed!.invoke(new RunContext(), 'not json');

    expect(output).toBe('Brane refused this call (INVALID_ARGUMENT); it did not run');
    expect(refunds).toStrictEqual([]);
  });

  it('refuses what it cannot govern with typed errors', () => {
    const { refund, lookup } = existingTools();
    const runtime = new Runtime();
    const hosted = hostedMcpTool({ serverLabel: 'docs', serverUrl: 'https://mcp.example' });

    expect(() => governTools(runtime, [refund, hosted as never])).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/tool 1 is not a function tool/) as string,
      }) as Error,
    );
    expect(() => governTools(runtime, 'refund' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
    expect(() => governTools(undefined as never, [refund])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
    expect(() => governTools(runtime, [refund], { capabilities: { refund: { risk: 'high' } } })).toThrow(
      ConfigurationError,
    );
    const [governed] = governTools(runtime, [lookup]);
    expect(() => governTools(new Runtime(), [governed!])).toThrow(
      expect.objectContaining({ code: 'ALREADY_GOVERNED' }) as Error,
    );
  });
});
