import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { defaultToolSessionId, governTools } from '../src/index.js';
import { scriptedModel } from './support/scriptedModel.js';

/**
 * A read of a customer record (`pii`) and a send, governed; the send's policy records the session and labels it
 * saw when the send runs (`needsApproval` also asks `runtime.explain`: not recorded, so each call counts once).
 */
function fixture() {
  const runtime = new Runtime();
  const seen: { session: string | undefined; body: readonly string[] }[] = [];
  let explaining = 0;
  const explain = runtime.explain.bind(runtime);
  runtime.explain = async (...args: Parameters<typeof explain>) => {
    explaining += 1;
    try {
      return await explain(...args);
    } finally {
      explaining -= 1;
    }
  };
  runtime.beforeCapability('ai.send', { name: 'observe' }, (ctx: PolicyContext) => {
    if (explaining === 0) seen.push({ session: ctx.session.id, body: ctx.argLabels('body') });
    return Decision.allow();
  });
  const tools = {
    read: tool({
      inputSchema: jsonSchema<{ id: string }>({ type: 'object', properties: { id: { type: 'string' } } }),
      execute: async () => 'account GB29-NWBK-6016-1331',
    }),
    send: tool({
      inputSchema: jsonSchema<{ body: string }>({ type: 'object', properties: { body: { type: 'string' } } }),
      execute: async ({ body }) => body.length,
    }),
  };
  return { runtime, seen, tools };
}

const script = () =>
  scriptedModel(
    { toolCalls: [{ id: 'call_1', tool: 'read', input: { id: 'cust_1' } }] },
    { toolCalls: [{ id: 'call_2', tool: 'send', input: { body: 'to GB29-NWBK-6016-1331' } }] },
    { text: 'done' },
  ).model;

describe('AI SDK tool calls in Brane sessions', () => {
  it('by default, the session is experimental_context.sessionId, and taint flows between the calls', async () => {
    const { runtime, seen, tools } = fixture();
    const governed = governTools(runtime, tools, { capabilities: { read: { produces: ['pii'] } } });
    await generateText({
      model: script(),
      tools: governed,
      prompt: 'x',
      stopWhen: stepCountIs(5),
      experimental_context: { sessionId: 'chat_42' },
    });
    expect(seen).toStrictEqual([{ session: 'chat_42', body: ['pii'] }]);
  });

  it('without a session id in the context, calls run outside sessions', async () => {
    const { runtime, seen, tools } = fixture();
    const governed = governTools(runtime, tools, { capabilities: { read: { produces: ['pii'] } } });
    await generateText({ model: script(), tools: governed, prompt: 'x', stopWhen: stepCountIs(5) });
    expect(seen).toStrictEqual([{ session: undefined, body: [] }]);
  });

  it('`sessionId` overrides the default, and an enclosing withContext wins over both', async () => {
    const { runtime, seen, tools } = fixture();
    const governed = governTools(runtime, tools, {
      capabilities: { read: { produces: ['pii'] } },
      sessionId: ({ experimental_context }) => (experimental_context as { chat: string }).chat,
    });
    const options = { tools: governed, prompt: 'x', stopWhen: stepCountIs(5), experimental_context: { chat: 'c1' } };
    await generateText({ model: script(), ...options });
    await runtime.withContext({ sessionId: 'outer' }, () => generateText({ model: script(), ...options }));
    expect(seen).toStrictEqual([
      { session: 'c1', body: ['pii'] },
      { session: 'outer', body: ['pii'] },
    ]);
  });

  it.each([[undefined], [null], ['s'], [{ sessionId: '' }], [{ sessionId: 42 }], [{ sessionId: 'run_1' }]])(
    'defaultToolSessionId(%p)',
    (context) => {
      const expected = (context as { sessionId?: unknown } | null)?.sessionId === 'run_1' ? 'run_1' : undefined;
      expect(defaultToolSessionId({ toolCallId: 'c', experimental_context: context })).toBe(expected);
    },
  );

  it('refuses a `sessionId` option that is not a function', () => {
    const { runtime, tools } = fixture();
    expect(() => governTools(runtime, tools, { sessionId: 'x' as never })).toThrow(/`sessionId` must be a function/);
  });
});
