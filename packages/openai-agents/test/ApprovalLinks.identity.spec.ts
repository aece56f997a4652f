import { RunContext, run } from '@openai/agents';
import { applyBraneApprovals, approveInterruption, pendingApprovals, rejectInterruption } from '../src/index.js';
import { agentWith, refundCall, refundFixture } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

// Issue 12, finding 7, in the Agents SDK: links are per RunContext and tool call id, and an app may pass one
// RunContext to several runs (the SDK then shares it): a call id reused under another identity must not find them.

const mallory = { tenantId: 'tenant_globex', principalId: 'user_mallory' };

/** Both users' runs of the refund agent, in one RunContext, each calling the tool as `call_1`. */
async function collidingRuns() {
  const fixture = refundFixture(); // tenant_acme / user_lee
  const shared = new RunContext({});
  const script = () => new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'done' }]);
  const leeAgent = agentWith(script(), [fixture.refund]);
  const malloryAgent = agentWith(script(), [fixture.refund]);
  const lee = await run(leeAgent, 'Refund $250 to cust_1', { context: shared });
  const mine = await fixture.runtime.withContext(mallory, () =>
    run(malloryAgent, 'Refund $250 to cust_1', { context: shared }),
  );
  return { ...fixture, shared, lee, mine, leeAgent, malloryAgent };
}

describe('approval links in a shared RunContext are bound to the tenant and principal of the call', () => {
  it('a colliding call id from another identity records a request of its own', async () => {
    const { runtime, lee, mine } = await collidingRuns();

    const [leePending] = pendingApprovals(lee);
    const [minePending] = runtime.withContext(mallory, () => pendingApprovals(mine));

    expect(leePending!.approvalId).not.toBe(minePending!.approvalId);
    expect(await runtime.approvals.get(leePending!.approvalId)).toMatchObject({ principalId: 'user_lee' });
    expect(await runtime.approvals.get(minePending!.approvalId)).toMatchObject(mallory);
    // Each sees only their own: Lee's run shown under Mallory's identity shows hers, never Lee's.
    expect(runtime.withContext(mallory, () => pendingApprovals(lee)).map((p) => p.approvalId)).toStrictEqual([
      minePending!.approvalId,
    ]);
  });

  it("deciding under one identity decides only that identity's request", async () => {
    const { runtime, lee, mine, malloryAgent, refunds } = await collidingRuns();
    const [leePending] = pendingApprovals(lee);

    await runtime.withContext(mallory, () =>
      approveInterruption(runtime, mine, mine.interruptions[0]!, { approver: 'maria@globex' }),
    );
    await runtime.withContext(mallory, () => run(malloryAgent, mine.state));

    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 250 }]);
    const untouched = await runtime.approvals.get(leePending!.approvalId);
    expect(untouched.status).toBe('pending');
    expect(untouched.decision).toBeUndefined();
  });

  it("Lee's approved interruption, resumed under another identity, does not run on Lee's approval", async () => {
    const { runtime, lee, leeAgent, refunds } = await collidingRuns();
    const [leePending] = pendingApprovals(lee);
    await approveInterruption(runtime, lee, lee.interruptions[0]!, { approver: 'maria@acme' });

    const resumed = await runtime.withContext({ principalId: 'user_sam' }, () => run(leeAgent, lee.state));

    expect(refunds).toStrictEqual([]);
    expect(String(resumed.finalOutput)).toBe('done');
    expect(await runtime.approvals.get(leePending!.approvalId)).toMatchObject({ status: 'approved' });
  });

  it('another identity cannot show, apply, approve or reject the interruption of a run that is not theirs', async () => {
    const { runtime, lee } = await collidingRuns();
    const item = lee.interruptions[0]!;
    const asSam = <T>(fn: () => T): T => runtime.withContext({ principalId: 'user_sam' }, fn);

    expect(asSam(() => pendingApprovals(lee))).toStrictEqual([]);
    await expect(asSam(() => applyBraneApprovals(runtime, lee))).resolves.toMatchObject({ notBrane: [item] });
    for (const decide of [approveInterruption, rejectInterruption]) {
      await expect(asSam(() => decide(runtime, lee, item, { approver: 'maria@acme' }))).rejects.toThrow(
        /not asked for by Brane under the tenant and principal the runtime runs as now/,
      );
    }
    const [pending] = pendingApprovals(lee);
    expect(await runtime.approvals.get(pending!.approvalId)).toMatchObject({ status: 'pending' });
  });

  it('the same identity reusing a call id for other input gets a request for that input', async () => {
    const { runtime, refund } = refundFixture();
    const shared = new RunContext({});
    const ask = (amountUsd: number) => {
      const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', amountUsd)] }, { text: 'done' }]);
      return run(agentWith(model, [refund]), 'Refund', { context: shared });
    };
    const first = await ask(250);
    const second = await ask(300);

    const [a] = pendingApprovals(first);
    const [b] = pendingApprovals(second);
    expect(a!.approvalId).not.toBe(b!.approvalId);
    expect((await runtime.approvals.get(b!.approvalId)).args).toStrictEqual({ customerId: 'cust_1', amountUsd: 300 });
  });
});
