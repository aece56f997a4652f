import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { tool } from '@langchain/core/tools';
import { defaultThreadSessionId, governTools, type ThreadSessionId } from '../src/index.js';

const object = (key: string) => ({
  type: 'object' as const,
  properties: { [key]: { type: 'string' as const } },
  required: [key],
});

/** A read of a customer record (`pii`) and a send, governed; the send's policy records what it saw. */
function fixture(sessionId?: ThreadSessionId) {
  const runtime = new Runtime();
  const seen: { session: string | undefined; body: readonly string[] }[] = [];
  runtime.beforeCapability('langchain.send', { name: 'observe' }, (ctx: PolicyContext) => {
    seen.push({ session: ctx.session.id, body: ctx.argLabels('body') });
    return Decision.allow();
  });
  const read = tool(() => 'account GB29-NWBK-6016-1331', {
    name: 'read',
    description: 'Reads a record',
    schema: object('id'),
  });
  const send = tool((input) => String((input as { body: string }).body.length), {
    name: 'send',
    description: 'Sends an email',
    schema: object('body'),
  });
  const [governedRead, governedSend] = governTools(runtime, [read, send], {
    capabilities: { read: { produces: ['pii'] } },
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  const both = async (config: Record<string, unknown>) => {
    await governedRead!.invoke({ id: 'cust_1' }, config);
    await governedSend!.invoke({ body: 'to GB29-NWBK-6016-1331' }, config);
  };
  return { runtime, seen, both };
}

describe('LangChain tool calls in Brane sessions', () => {
  it('by default, the session is the LangGraph thread (configurable.thread_id)', async () => {
    const { seen, both } = fixture();
    await both({ configurable: { thread_id: 'thread_1' } });
    await both({ configurable: { thread_id: 'thread_2' } });
    await both({});
    expect(seen).toStrictEqual([
      { session: 'thread_1', body: ['pii'] },
      { session: 'thread_2', body: ['pii'] },
      { session: undefined, body: [] },
    ]);
  });

  it('`sessionId` overrides the default, and an enclosing withContext wins over both', async () => {
    const { runtime, seen, both } = fixture((config) => config?.metadata?.['conversation'] as string | undefined);
    await both({ metadata: { conversation: 'conv_9' }, configurable: { thread_id: 'thread_1' } });
    await runtime.withContext({ sessionId: 'outer' }, () => both({ configurable: { thread_id: 'thread_1' } }));
    expect(seen).toStrictEqual([
      { session: 'conv_9', body: ['pii'] },
      { session: 'outer', body: ['pii'] },
    ]);
  });

  it.each([
    [undefined, undefined],
    [{}, undefined],
    [{ configurable: { thread_id: '' } }, undefined],
    [{ configurable: { thread_id: { id: 1 } } }, undefined],
    [{ configurable: { thread_id: 7 } }, '7'],
    [{ configurable: { thread_id: 't' } }, 't'],
  ])('defaultThreadSessionId(%p) is %p', (config, expected) => {
    expect(defaultThreadSessionId(config)).toBe(expected);
  });

  it('refuses a `sessionId` option that is not a function', () => {
    const runtime = new Runtime();
    const read = tool(() => '', { name: 'read', description: 'Reads', schema: object('id') });
    expect(() => governTools(runtime, [read], { sessionId: 'x' as never })).toThrow(/`sessionId` expected a function/);
  });
});
