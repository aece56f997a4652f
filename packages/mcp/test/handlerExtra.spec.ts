import { AgentAction } from '@brane/sdk';
import type { ToolExtra } from '@brane/mcp';
import { handlerExtra } from '../src/handlerExtra.js';

const live = {
  signal: new AbortController().signal,
  requestId: 3,
  sendNotification: jest.fn(),
  sendRequest: jest.fn(),
} as unknown as ToolExtra;

describe('handlerExtra', () => {
  it("passes a live call's extra as it is when no sandbox limits the action", () => {
    expect(handlerExtra(live, undefined)).toBe(live);
  });

  it('gives a resumed call a signal, the action id as request id, and no client to talk to', async () => {
    const extra = handlerExtra(undefined, { actionId: 'act_1', signal: undefined } as unknown as AgentAction);

    expect(extra.requestId).toBe('act_1');
    expect(extra.signal.aborted).toBe(false);
    await expect(extra.sendNotification({ method: 'notifications/progress' } as never)).resolves.toBeUndefined();
    await expect(extra.sendRequest({ method: 'ping' }, {} as never)).rejects.toThrow(
      'This tool call was resumed after its approval: no MCP client is waiting for it',
    );
  });

  it("aborts the handler's signal when the sandbox's does", () => {
    const sandbox = new AbortController();
    const extra = handlerExtra(live, { signal: sandbox.signal } as unknown as AgentAction);

    sandbox.abort();

    expect(extra.signal.aborted).toBe(true);
    expect(extra.requestId).toBe(3);
  });
});
