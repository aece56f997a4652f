import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { Agent, Runner, setTraceProcessors, setTracingDisabled, tool } from '@openai/agents';
import { defaultRunSessionId, governTools, type RunSessionId } from '../src/index.js';
import { ScriptedModel } from './support/ScriptedModel.js';

/**
 * A read of a customer record (`pii`) and a send, governed; the send's policy records what it saw when the send
 * runs (`needsApproval` also asks `runtime.explain`: not recorded, so each call counts once).
 */
function fixture(sessionId?: RunSessionId) {
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
  runtime.beforeCapability('openai.send', { name: 'observe' }, (ctx: PolicyContext) => {
    if (explaining === 0) seen.push({ session: ctx.session.id, body: ctx.argLabels('body') });
    return Decision.allow();
  });
  const object = (key: string) => ({
    type: 'object' as const,
    properties: { [key]: { type: 'string' } },
    required: [key],
    additionalProperties: false as const,
  });
  const read = tool({
    name: 'read',
    description: 'Reads a record',
    parameters: object('id'),
    execute: () => 'account GB29-NWBK-6016-1331',
  });
  const send = tool({
    name: 'send',
    description: 'Sends an email',
    parameters: object('body'),
    execute: (input) => String((input as { body: string }).body.length),
  });
  const tools = governTools(runtime, [read, send], {
    capabilities: { read: { produces: ['pii'] } },
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  const model = () =>
    new ScriptedModel([
      { calls: [{ name: 'read', args: { id: 'cust_1' }, callId: 'call_1' }] },
      { calls: [{ name: 'send', args: { body: 'to GB29-NWBK-6016-1331' }, callId: 'call_2' }] },
      { text: 'done' },
    ]);
  const agent = () => new Agent({ name: 'support', instructions: 'Help.', model: model(), tools });
  return { runtime, seen, agent };
}

describe('OpenAI Agents tool calls in Brane sessions', () => {
  afterEach(() => {
    setTracingDisabled(true);
  });

  it("by default, the session is the trace's groupId (a conversation), else its traceId (one run)", async () => {
    setTracingDisabled(false);
    setTraceProcessors([]); // traces stay in this process
    const { seen, agent } = fixture();
    await new Runner({ groupId: 'conv_1' }).run(agent(), 'go');
    await new Runner({ traceId: 'trace_0123456789abcdef0123456789abcdef' }).run(agent(), 'go');
    expect(seen).toStrictEqual([
      { session: 'conv_1', body: ['pii'] },
      { session: 'trace_0123456789abcdef0123456789abcdef', body: ['pii'] },
    ]);
  });

  it('with tracing disabled there is no run id: calls run outside sessions unless `sessionId` says', async () => {
    setTracingDisabled(true);
    expect(defaultRunSessionId()).toBeUndefined();
    const plain = fixture();
    await new Runner({ groupId: 'conv_1' }).run(plain.agent(), 'go');
    expect(plain.seen).toStrictEqual([{ session: undefined, body: [] }]);

    const own = fixture((runContext) => (runContext?.context as { chatId: string }).chatId);
    await new Runner().run(own.agent(), 'go', { context: { chatId: 'chat_7' } });
    await own.runtime.withContext({ sessionId: 'outer' }, () =>
      new Runner().run(own.agent(), 'go', { context: { chatId: 'chat_7' } }),
    );
    expect(own.seen).toStrictEqual([
      { session: 'chat_7', body: ['pii'] },
      { session: 'outer', body: ['pii'] },
    ]);
  });

  it('refuses a `sessionId` option that is not a function', () => {
    expect(() => fixture('x' as never)).toThrow(/`sessionId` must be a function of the run context/);
  });
});
