import { Decision } from '@brane/decisions';
import { stepCountIs, streamText, type ModelMessage, type ToolSet } from 'ai';
import { braneApprovalOf, governTools, isBraneToolDenial } from '../src/index.js';
import { refundFixture } from './support/refundFixture.js';
import { scriptedModel, toolOutputsSeen, type Turn } from './support/scriptedModel.js';

/** Streams a generation to its end, and returns its parts and steps. */
async function stream(tools: ToolSet, messages: ModelMessage[], ...turns: Turn[]) {
  const { model, prompts } = scriptedModel(...turns);
  const result = streamText({ model, tools, messages, stopWhen: stepCountIs(5) });
  const parts = [];
  for await (const part of result.fullStream) parts.push(part);
  return { parts, steps: await result.steps, text: await result.text, response: await result.response, prompts };
}

const user = (content: string): ModelMessage[] => [{ role: 'user', content }];

describe('governTools with streamText', () => {
  it('allow: the tool runs once and its result is streamed', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const { parts, text, prompts } = await stream(
      governTools(runtime, tools),
      user('Refund c1 $40'),
      { toolCalls: [{ id: 'call_1', tool: 'refund', input: { customerId: 'c1', amountUsd: 40 } }] },
      { text: 'Refunded.' },
    );

    expect(refunds).toStrictEqual([{ customerId: 'c1', amountUsd: 40 }]);
    expect(parts.find((part) => part.type === 'tool-result')).toMatchObject({
      toolCallId: 'call_1',
      output: { refunded: true, customerId: 'c1', amountUsd: 40 },
    });
    expect(toolOutputsSeen(prompts[1])['call_1']).toMatchObject({ type: 'json' });
    expect(text).toBe('Refunded.');
  });

  it('deny: a streamed tool result the model sees; no tool-error, no stream error', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const { parts, text, prompts } = await stream(
      governTools(runtime, tools),
      user('Refund c1 $900'),
      { toolCalls: [{ id: 'call_1', tool: 'refund', input: { customerId: 'c1', amountUsd: 900 } }] },
      { text: 'That is over the limit.' },
    );

    expect(refunds).toStrictEqual([]);
    const result = parts.find((part) => part.type === 'tool-result');
    expect(isBraneToolDenial(result?.output)).toBe(true);
    expect(parts.filter((part) => part.type === 'tool-error' || part.type === 'error')).toStrictEqual([]);
    expect(toolOutputsSeen(prompts[1])['call_1']).toMatchObject({
      type: 'error-text',
      value: expect.stringContaining('Refund of $900 exceeds the $500 limit') as string,
    });
    expect(text).toBe('That is over the limit.');
  });

  it('redaction: the streamed result is the redacted one', async () => {
    const { runtime, tools } = refundFixture();
    const { parts, prompts } = await stream(governTools(runtime, tools), user('Who is c1?'), {
      toolCalls: [{ id: 'call_1', tool: 'lookup', input: { customerId: 'c1' } }],
    });

    expect(parts.find((part) => part.type === 'tool-result')?.output).toStrictEqual({
      customerId: 'c1',
      name: 'Ada Lovelace',
      email: '[REDACTED]',
    });
    expect(JSON.stringify(prompts)).not.toContain('ada@example.com');
  });

  it('approval: a streamed tool-approval-request, then one execution once approved', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const governed = governTools(runtime, tools);
    const messages = user('Refund c1 $250');
    const first = await stream(governed, messages, {
      toolCalls: [{ id: 'call_1', tool: 'refund', input: { customerId: 'c1', amountUsd: 250 } }],
    });
    const request = first.parts.find((part) => part.type === 'tool-approval-request');
    expect(request).toBeDefined();
    expect(braneApprovalOf(runtime, request!)).toMatchObject({ reason: 'Refund of $250 needs approval' });
    expect(refunds).toStrictEqual([]);

    messages.push(...first.response.messages, {
      role: 'tool',
      content: [{ type: 'tool-approval-response', approvalId: request!.approvalId, approved: true }],
    });
    const second = await stream(governed, messages, { text: 'Refunded $250.' });

    expect(refunds).toStrictEqual([{ customerId: 'c1', amountUsd: 250 }]);
    expect(second.parts.find((part) => part.type === 'tool-result')).toMatchObject({
      toolCallId: 'call_1',
      output: { refunded: true },
    });
    expect(second.text).toBe('Refunded $250.');
    expect((await runtime.approvals.list())[0]).toMatchObject({ status: 'completed' });
  });

  it('runs under the identity of the request (runtime.withContext around streamText)', async () => {
    const { runtime, tools, lookups } = refundFixture();
    const principals: (string | undefined)[] = [];
    runtime.beforeCapability('ai.lookup', { name: 'who' }, (ctx) => {
      principals.push(ctx.principalId);
      return Decision.allow();
    });

    const { parts } = await runtime.withContext({ principalId: 'user_sam' }, () =>
      stream(governTools(runtime, tools), user('Who is c1?'), {
        toolCalls: [{ id: 'call_1', tool: 'lookup', input: { customerId: 'c1' } }],
      }),
    );

    expect(lookups).toHaveLength(1);
    expect(isBraneToolDenial(parts.find((part) => part.type === 'tool-result')?.output)).toBe(false);
    expect(principals).toStrictEqual(['user_sam', 'user_sam']); // needsApproval's explain, then the call
  });
});
