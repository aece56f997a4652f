import { Runtime } from '@brane/core';
import { run, tool } from '@openai/agents';
import { applyBraneApprovals, pendingApprovals } from '../src/index.js';
import { agentWith, refundCall, refundFixture, refundParameters } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

/** Three refunds needing approval in one turn, for the runtime of a fixture. */
async function threeApprovals(fixture = refundFixture()) {
  const model = new ScriptedModel([
    {
      calls: [
        refundCall('call_a', 'cust_a', 150),
        refundCall('call_b', 'cust_b', 250),
        refundCall('call_c', 'cust_c', 350),
      ],
    },
    { text: 'done' },
  ]);
  const agent = agentWith(model, [fixture.refund]);
  const result = await run(agent, 'Refund three customers');
  const ids = Object.fromEntries(pendingApprovals(result).map((pending) => [pending.callId, pending.approvalId]));
  return { ...fixture, model, agent, result, ids };
}

describe('applyBraneApprovals', () => {
  it('an approval given through Brane, from another runtime sharing the store, resumes the run', async () => {
    const { store, result, agent, refunds, ids, runtime, model } = await threeApprovals();
    // An approver elsewhere: `brane approvals approve <id>`, or a service with its own runtime on the same store.
    const approver = new Runtime({ approvals: { store } });
    await approver.approvals.approve(ids.call_a!, { approver: 'maria@finance' });
    await approver.approvals.approve(ids.call_b!, { approver: 'maria@finance' });
    await approver.approvals.reject(ids.call_c!, { approver: 'maria@finance', comment: 'Too much' });

    const applied = await applyBraneApprovals(runtime, result);
    expect(applied.approved.map((item) => item.rawItem)).toMatchObject([{ callId: 'call_a' }, { callId: 'call_b' }]);
    expect(applied.rejected.map((item) => item.rawItem)).toMatchObject([{ callId: 'call_c' }]);
    expect(applied.pending).toStrictEqual([]);
    expect(applied.notBrane).toStrictEqual([]);

    const resumed = await run(agent, result.state);
    expect(resumed.finalOutput).toBe('done');
    expect(refunds).toStrictEqual([
      { customerId: 'cust_a', amountUsd: 150 },
      { customerId: 'cust_b', amountUsd: 250 },
    ]);
    expect(model.toolOutput('call_c')).toBe('An approver (maria@finance) rejected this call; it did not run: Too much');
  });

  it('leaves pending approvals pending: the run stays interrupted until they are decided', async () => {
    const { result, agent, refunds, ids, runtime } = await threeApprovals();
    await runtime.approvals.approve(ids.call_a!, { approver: 'maria@finance' });

    const applied = await applyBraneApprovals(runtime, result);
    expect(applied.approved).toHaveLength(1);
    expect(applied.pending.map((item) => item.rawItem)).toMatchObject([{ callId: 'call_b' }, { callId: 'call_c' }]);

    // Resuming now runs what was approved and interrupts again for the rest.
    const resumed = await run(agent, result.state);
    expect(refunds).toStrictEqual([{ customerId: 'cust_a', amountUsd: 150 }]);
    expect(pendingApprovals(resumed).map((pending) => pending.approvalId)).toStrictEqual([ids.call_b, ids.call_c]);

    await runtime.approvals.approve(ids.call_b!, { approver: 'maria@finance' });
    await runtime.approvals.approve(ids.call_c!, { approver: 'maria@finance' });
    expect((await applyBraneApprovals(runtime, resumed)).approved).toHaveLength(2);
    const finished = await run(agent, resumed.state);
    expect(finished.finalOutput).toBe('done');
    expect(refunds.map((refund) => refund.customerId)).toStrictEqual(['cust_a', 'cust_b', 'cust_c']);
  });

  it('rejects in the run what expired in Brane', async () => {
    const { result, agent, refunds, runtime, model } = await threeApprovals(refundFixture({ expiresInMs: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const applied = await applyBraneApprovals(runtime, result);
    expect(applied.rejected).toHaveLength(3);

    await run(agent, result.state);
    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_a')).toMatch(/^The approval for this call expired at .*; it did not run$/);
  });

  it('rejects in the run an approval that was already used elsewhere (runtime.resume outside the run)', async () => {
    const { result, agent, refunds, runtime, ids, model } = await threeApprovals();
    for (const id of Object.values(ids)) await runtime.approvals.approve(id, { approver: 'maria@finance' });
    await runtime.resume(ids.call_a!);

    const applied = await applyBraneApprovals(runtime, result);
    expect(applied.rejected.map((item) => item.rawItem)).toMatchObject([{ callId: 'call_a' }]);
    await run(agent, result.state);
    expect(refunds.map((refund) => refund.customerId)).toStrictEqual(['cust_a', 'cust_b', 'cust_c']);
    expect(model.toolOutput('call_a')).toBe('Brane refused this call (APPROVAL_ALREADY_USED); it did not run');
  });

  it('leaves interruptions Brane did not ask for to the caller', async () => {
    const fixture = refundFixture();
    const plain = tool({
      name: 'plain',
      description: 'An ungoverned tool',
      parameters: refundParameters,
      needsApproval: true,
      execute: () => 'ran',
    });
    const model = new ScriptedModel([{ calls: [{ ...refundCall('call_p', 'c', 1), name: 'plain' }] }]);
    const result = await run(agentWith(model, [plain, fixture.refund]), 'go');

    const applied = await applyBraneApprovals(fixture.runtime, result);
    expect(applied.notBrane).toStrictEqual(result.interruptions);
  });

  it('refuses what is not a runtime or a run result', async () => {
    const { result, runtime } = await threeApprovals();
    await expect(applyBraneApprovals({} as never, result)).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
    await expect(applyBraneApprovals(runtime, null as never)).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});
