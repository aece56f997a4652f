import { Runtime } from '@brane/core';
import { braneApprovalOf } from '../src/index.js';

describe('braneApprovalOf', () => {
  it('finds nothing on a runtime that governs no tools', () => {
    expect(braneApprovalOf(new Runtime({ agentId: 'a' }), { toolCallId: 'c', toolName: 't' })).toBeUndefined();
  });

  it('refuses what is not an approval request part or a tool call, or not a runtime', () => {
    const runtime = new Runtime({ agentId: 'a' });
    expect(() => braneApprovalOf(runtime, null as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
    expect(() => braneApprovalOf(runtime, { toolCall: {} } as never)).toThrow(/tool-approval-request part/);
    expect(() => braneApprovalOf({} as never, { toolCallId: 'c', toolName: 't' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('Brane Runtime') as string,
      }) as Error,
    );
  });
});
