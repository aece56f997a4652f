import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { BraneError, ConfigurationError } from '@brane/errors';
import { generateText, jsonSchema, stepCountIs, tool, ToolLoopAgent, type ToolSet } from 'ai';
import { governTools, isBraneToolDenial } from '../src/index.js';
import { refundFixture } from './support/refundFixture.js';
import { scriptedModel, toolOutputsSeen } from './support/scriptedModel.js';

describe('governTools with generateText', () => {
  it('allow: the tool runs once, its result is in the steps and the model sees it', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const { model, prompts } = scriptedModel(
      { toolCalls: [{ id: 'call_1', tool: 'refund', input: { customerId: 'cust_1', amountUsd: 40 } }] },
      { text: 'Refunded $40.' },
    );

    const result = await generateText({
      model,
      tools: governTools(runtime, tools),
      prompt: 'Refund cust_1 $40',
      stopWhen: stepCountIs(5),
    });

    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 40 }]);
    expect(result.steps[0]?.toolResults.map((part) => part.output)).toStrictEqual([
      { refunded: true, customerId: 'cust_1', amountUsd: 40 },
    ]);
    expect(toolOutputsSeen(prompts[1])).toStrictEqual({
      call_1: { type: 'json', value: { refunded: true, customerId: 'cust_1', amountUsd: 40 } },
    });
    expect(result.text).toBe('Refunded $40.');
  });

  it('deny: the tool does not run, the model sees the reason, and the generation finishes', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const { model, prompts } = scriptedModel(
      { toolCalls: [{ id: 'call_1', tool: 'refund', input: { customerId: 'cust_1', amountUsd: 900 } }] },
      { text: 'I cannot refund that much.' },
    );

    const result = await generateText({
      model,
      tools: governTools(runtime, tools),
      prompt: 'Refund cust_1 $900',
      stopWhen: stepCountIs(5),
    });

    expect(refunds).toStrictEqual([]);
    const output = result.steps[0]?.toolResults[0]?.output;
    expect(isBraneToolDenial(output)).toBe(true);
    expect(output).toMatchObject({
      type: 'brane-denial',
      outcome: 'denied',
      stage: 'before',
      tool: 'refund',
      capability: 'ai.refund',
      policy: 'refund_limit',
      reason: 'Refund of $900 exceeds the $500 limit',
    });
    const seen = toolOutputsSeen(prompts[1])['call_1'] as { type: string; value: string };
    expect(seen.type).toBe('error-text');
    expect(seen.value).toMatch(/^Not allowed: the `refund` tool call was blocked by policy and did not run\./);
    expect(seen.value).toContain('Reason: Refund of $900 exceeds the $500 limit.');
    expect(result.steps.some((step) => step.content.some((part) => part.type === 'tool-error'))).toBe(false);
    expect(result.finishReason).toBe('stop');
    expect(result.text).toBe('I cannot refund that much.');
  });

  it('redaction: an after-policy changes the result the SDK and the model get', async () => {
    const { runtime, tools, lookups } = refundFixture();
    const { model, prompts } = scriptedModel({
      toolCalls: [{ id: 'call_1', tool: 'lookup', input: { customerId: 'c1' } }],
    });

    const result = await generateText({
      model,
      tools: governTools(runtime, tools),
      prompt: 'Who is c1?',
      stopWhen: stepCountIs(5),
    });

    expect(lookups).toStrictEqual([{ customerId: 'c1' }]);
    const redacted = { customerId: 'c1', name: 'Ada Lovelace', email: '[REDACTED]' };
    expect(result.steps[0]?.toolResults[0]?.output).toStrictEqual(redacted);
    expect(toolOutputsSeen(prompts[1])).toStrictEqual({ call_1: { type: 'json', value: redacted } });
    expect(JSON.stringify(prompts)).not.toContain('ada@example.com');
  });

  it('allows, denies and redacts the calls of one step independently', async () => {
    const { runtime, tools, refunds, lookups } = refundFixture();
    const { model } = scriptedModel({
      toolCalls: [
        { id: 'a', tool: 'refund', input: { customerId: 'c1', amountUsd: 10 } },
        { id: 'b', tool: 'refund', input: { customerId: 'c2', amountUsd: 1000 } },
        { id: 'c', tool: 'lookup', input: { customerId: 'c3' } },
      ],
    });

    const result = await generateText({
      model,
      tools: governTools(runtime, tools),
      prompt: 'go',
      stopWhen: stepCountIs(5),
    });

    const outputs = Object.fromEntries(result.steps[0]!.toolResults.map((part) => [part.toolCallId, part.output]));
    expect(outputs['a']).toStrictEqual({ refunded: true, customerId: 'c1', amountUsd: 10 });
    expect(outputs['b']).toMatchObject({ outcome: 'denied' });
    expect(outputs['c']).toMatchObject({ email: '[REDACTED]' });
    expect(refunds).toStrictEqual([{ customerId: 'c1', amountUsd: 10 }]);
    expect(lookups).toHaveLength(1);
  });

  it('reports an after-stage deny as a withheld result', async () => {
    const { runtime, tools, lookups } = refundFixture();
    runtime.afterCapability('ai.lookup', { name: 'no_vips' }, () => Decision.deny('VIP records are not shown'));
    const { model, prompts } = scriptedModel({
      toolCalls: [{ id: 'call_1', tool: 'lookup', input: { customerId: 'c1' } }],
    });

    const result = await generateText({
      model,
      tools: governTools(runtime, tools),
      prompt: 'go',
      stopWhen: stepCountIs(5),
    });

    expect(lookups).toHaveLength(1);
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({
      outcome: 'denied',
      stage: 'after',
      policy: 'no_vips',
    });
    expect(toolOutputsSeen(prompts[1])['call_1']).toStrictEqual({
      type: 'error-text',
      value:
        'The `lookup` tool ran, but policy withheld its result. Reason: VIP records are not shown. Do not retry this call; tell the user the result cannot be shown.',
    });
  });

  it('governs the tools of a ToolLoopAgent too', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const { model, prompts } = scriptedModel(
      {
        toolCalls: [
          { id: 'a', tool: 'refund', input: { customerId: 'c1', amountUsd: 30 } },
          { id: 'b', tool: 'refund', input: { customerId: 'c1', amountUsd: 3000 } },
        ],
      },
      { text: 'One refunded, one refused.' },
    );
    const agent = new ToolLoopAgent({ model, tools: governTools(runtime, tools) });

    const result = await agent.generate({ prompt: 'Refund c1 twice' });

    expect(refunds).toStrictEqual([{ customerId: 'c1', amountUsd: 30 }]);
    expect(toolOutputsSeen(prompts[1])['b']).toMatchObject({ type: 'error-text' });
    expect(result.text).toBe('One refunded, one refused.');
  });

  it('lets a tool that fails fail as the SDK reports it: a tool-error, not a denial', async () => {
    const runtime = new Runtime({ agentId: 'a' });
    const tools = governTools(runtime, {
      broken: tool({
        inputSchema: jsonSchema<{ x: number }>({ type: 'object', properties: { x: { type: 'number' } } }),
        execute: async (): Promise<string> => {
          throw new Error('the CRM is down');
        },
      }),
    });
    const { model, prompts } = scriptedModel({ toolCalls: [{ id: 'call_1', tool: 'broken', input: { x: 1 } }] });

    const result = await generateText({ model, tools, prompt: 'go', stopWhen: stepCountIs(5) });

    expect(result.steps[0]?.content.find((part) => part.type === 'tool-error')).toMatchObject({
      error: new Error('the CRM is down'),
    });
    expect(toolOutputsSeen(prompts[1])['call_1']).toStrictEqual({ type: 'error-text', value: 'the CRM is down' });
  });

  it('names capabilities `<prefix>.<tool>`, with the options given per tool', () => {
    const { runtime, tools } = refundFixture();
    governTools(runtime, tools, {
      capabilities: { refund: { risk: 'high', effect: { type: 'financial' }, sensitive: ['customerId'] } },
    });
    governTools(new Runtime({ agentId: 'b' }), tools, { prefix: '' });

    const refund = runtime.capabilities.find((capability) => capability.name === 'ai.refund');
    expect(refund).toMatchObject({ type: 'tool', risk: 'high', description: 'Refund a customer', params: undefined });
    expect(refund?.effect?.type).toBe('financial');
    expect(runtime.capabilities.map((capability) => capability.name)).toStrictEqual(['ai.refund', 'ai.lookup']);
  });

  it('can be governed again per request (same options), and refuses other options under the same name', async () => {
    const { runtime, tools, refunds } = refundFixture();
    governTools(runtime, tools, { capabilities: { refund: { risk: 'high' } } });
    const again = governTools(runtime, tools, { capabilities: { refund: { risk: 'high' } } });
    const { model } = scriptedModel({
      toolCalls: [{ id: 'call_1', tool: 'refund', input: { customerId: 'c', amountUsd: 5 } }],
    });
    await generateText({ model, tools: again, prompt: 'go', stopWhen: stepCountIs(5) });
    expect(refunds).toHaveLength(1);

    expect(() => governTools(runtime, tools, { capabilities: { refund: { risk: 'low' } } })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CAPABILITY' }) as Error,
    );
    runtime.capability({ name: 'mine.refund' }, async () => 1);
    expect(() => governTools(runtime, tools, { prefix: 'mine' })).toThrow(
      expect.objectContaining({
        code: 'DUPLICATE_CAPABILITY',
        message: expect.stringContaining('`mine.refund`') as string,
      }) as Error,
    );
  });

  it('passes tools without an execute through unchanged', () => {
    const runtime = new Runtime({ agentId: 'a' });
    const clientSide = tool({
      inputSchema: jsonSchema<{ question: string }>({ type: 'object' }),
      outputSchema: jsonSchema<string>({ type: 'string' }),
    });
    const governed = governTools(runtime, { ask: clientSide });
    expect(governed.ask).toBe(clientSide);
    expect(runtime.capabilities).toStrictEqual([]);
  });

  it('refuses bad input with typed errors', () => {
    const runtime = new Runtime({ agentId: 'a' });
    const { tools } = refundFixture();
    const bad = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('expected a throw');
    };
    expect(bad(() => governTools({} as never, tools))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(bad(() => governTools(runtime, null as unknown as ToolSet))).toBeInstanceOf(BraneError);
    expect(bad(() => governTools(runtime, { x: 42 } as unknown as ToolSet))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(bad(() => governTools(runtime, { x: { execute: 'no' } } as unknown as ToolSet))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(
      bad(() => governTools(runtime, tools, { capabilities: { refnud: { risk: 'high' } } } as never)),
    ).toBeInstanceOf(ConfigurationError);
    expect(
      bad(() => governTools(runtime, tools, { capabilities: { refund: { risk: 'extreme' } } } as never)),
    ).toMatchObject({
      code: 'INVALID_OPTIONS',
    });
    expect(
      bad(() => governTools(runtime, tools, { capabilities: { refund: { params: ['a'] } } } as never)),
    ).toMatchObject({
      code: 'INVALID_OPTIONS',
    });
    expect(bad(() => governTools(runtime, tools, { prefix: 'a b' }))).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(bad(() => governTools(runtime, tools, { approver: '' }))).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(bad(() => governTools(runtime, tools, { retries: 3 } as never))).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(runtime.capabilities).toStrictEqual([]);
  });
});
