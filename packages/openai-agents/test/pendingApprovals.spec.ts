import { run, tool } from '@openai/agents';
import { pendingApprovals } from '../src/index.js';
import { agentWith, refundCall, refundFixture, refundParameters } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

describe('pendingApprovals', () => {
  it('lists the interruptions Brane asked for, with their approval requests, and only those', async () => {
    const { refund, runtime } = refundFixture();
    const plain = tool({
      name: 'plain',
      description: 'An ungoverned tool that asks the SDK for approval itself',
      parameters: refundParameters,
      needsApproval: true,
      execute: () => 'ran',
    });
    const model = new ScriptedModel([
      {
        calls: [
          refundCall('call_1', 'cust_1', 150),
          { ...refundCall('call_2', 'cust_2', 1), name: 'plain' },
          refundCall('call_3', 'cust_3', 50),
        ],
      },
    ]);

    const result = await run(agentWith(model, [refund, plain]), 'go');

    expect(result.interruptions).toHaveLength(2);
    const pending = pendingApprovals(result);
    expect(pending).toStrictEqual([
      {
        item: expect.objectContaining({ rawItem: expect.objectContaining({ callId: 'call_1' }) as unknown }) as unknown,
        approvalId: expect.any(String) as unknown,
        capability: 'openai.refund_customer',
        toolName: 'refund_customer',
        callId: 'call_1',
        approverGroups: ['finance-ops'],
        reason: 'Refund of $150 needs approval',
        expiresAt: expect.any(String) as unknown,
      },
    ]);
    const record = await runtime.approvals.get(pending[0]!.approvalId);
    expect(record.expiresAt).toBe(pending[0]!.expiresAt);
  });

  it('lists nothing for a run that was not interrupted, and refuses what is not a run result', async () => {
    const { refund } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 50)] }, { text: 'ok' }]);
    expect(pendingApprovals(await run(agentWith(model, [refund]), 'go'))).toStrictEqual([]);
    expect(() => pendingApprovals('result' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});
