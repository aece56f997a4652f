import { run } from '@openai/agents';
import { pendingApprovals, rejectInterruption } from '../src/index.js';
import { agentWith, refundCall, refundFixture } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

describe('rejectInterruption', () => {
  it('rejects in Brane and in the run: the tool never runs, the model is told, and the run completes', async () => {
    const { runtime, refund, refunds } = refundFixture();
    const model = new ScriptedModel([
      { calls: [refundCall('call_1', 'cust_1', 250)] },
      { text: 'The refund was rejected.' },
    ]);
    const agent = agentWith(model, [refund]);
    const result = await run(agent, 'Refund $250 to cust_1');
    const [pending] = pendingApprovals(result);

    await rejectInterruption(runtime, result, pending!.item, { approver: 'maria@finance', comment: 'Not eligible' });
    const resumed = await run(agent, result.state);

    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toBe(
      'An approver (maria@finance) rejected this call; it did not run: Not eligible',
    );
    expect(resumed.finalOutput).toBe('The refund was rejected.');
    expect(await runtime.approvals.get(pending!.approvalId)).toMatchObject({
      status: 'rejected',
      decision: { outcome: 'rejected', by: 'maria@finance', comment: 'Not eligible' },
    });
    await expect(runtime.resume(pending!.approvalId)).rejects.toThrow(
      expect.objectContaining({ code: 'APPROVAL_REJECTED' }) as Error,
    );
  });

  it('refuses to reject an approval Brane already decided, and leaves the run as it was', async () => {
    const { runtime, refund } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }]);
    const result = await run(agentWith(model, [refund]), 'go');
    const [pending] = pendingApprovals(result);
    await runtime.approvals.approve(pending!.approvalId, { approver: 'maria@finance' });

    await expect(rejectInterruption(runtime, result, pending!.item, { approver: 'sam' })).rejects.toThrow(
      expect.objectContaining({ code: 'APPROVAL_ALREADY_DECIDED' }) as Error,
    );
    expect(result.state.getInterruptions()).toHaveLength(1);
  });
});
