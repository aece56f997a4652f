import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { RunState, run, tool } from '@openai/agents';
import { approveInterruption, governTools, governedTool, pendingApprovals } from '../src/index.js';
import { agentWith, refundCall, refundFixture } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

describe('ToolGovernor: Brane stays the authority over approvals', () => {
  it('an approval given only in the SDK (state.approve) does not run the tool: Brane has not approved', async () => {
    const { runtime, refund, refunds } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'ok' }]);
    const agent = agentWith(model, [refund]);
    const result = await run(agent, 'go');
    const [pending] = pendingApprovals(result);

    result.state.approve(result.interruptions[0]!);
    await run(agent, result.state);

    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toBe('Brane refused this call (APPROVAL_PENDING); it did not run');
    expect((await runtime.approvals.get(pending!.approvalId)).status).toBe('pending');
  });

  it("the SDK's alwaysApprove does not approve later calls in Brane: each needs its own approval", async () => {
    const { runtime, refund, refunds } = refundFixture();
    const model = new ScriptedModel([
      { calls: [refundCall('call_1', 'cust_1', 250)] },
      { calls: [refundCall('call_2', 'cust_2', 300)] },
      { text: 'ok' },
    ]);
    const agent = agentWith(model, [refund]);
    const result = await run(agent, 'go');
    const [pending] = pendingApprovals(result);
    await runtime.approvals.approve(pending!.approvalId, { approver: 'maria@finance' });
    result.state.approve(result.interruptions[0]!, { alwaysApprove: true });

    await run(agent, result.state);

    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 250 }]);
    expect(model.toolOutput('call_2')).toMatch(
      /^This call needs approval \(Brane approval \w+, from finance-ops\); it did not run: Refund of \$300 needs approval$/,
    );
  });

  it('a deny on resume still wins over the approval', async () => {
    const { runtime, refund, refunds } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'ok' }]);
    const agent = agentWith(model, [refund]);
    const result = await run(agent, 'go');
    await approveInterruption(runtime, result, result.interruptions[0]!, { approver: 'maria@finance' });
    runtime.beforeCapability('openai.refund_customer', { name: 'freeze' }, () => Decision.deny('Refunds are frozen'));

    await run(agent, result.state);

    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toBe('Brane denied this call: Refunds are frozen');
  });

  it('records one Brane approval per call, however often the SDK asks', async () => {
    const { runtime, refund } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'ok' }]);
    const agent = agentWith(model, [refund]);
    const first = await run(agent, 'go');
    const again = await run(agent, first.state); // nothing decided: interrupted again, for the same approval

    expect(pendingApprovals(again).map((pending) => pending.approvalId)).toStrictEqual(
      pendingApprovals(first).map((pending) => pending.approvalId),
    );
    expect(await runtime.approvals.list()).toHaveLength(1);
  });

  it('a run restored from a serialized state lost the link to its approval: the tool does not run (fails closed)', async () => {
    // The SDK asks needsApproval again for the restored call, which records a new Brane request; the SDK's
    // approval then meets a pending Brane approval. A documented limit: resume runs in the process they began in.
    const { runtime, refund, refunds } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'ok' }]);
    const agent = agentWith(model, [refund]);
    const result = await run(agent, 'go');
    await approveInterruption(runtime, result, result.interruptions[0]!, { approver: 'maria@finance' });

    const restored = await RunState.fromString(agent, result.state.toString());
    await run(agent, restored);

    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toBe('Brane refused this call (APPROVAL_PENDING); it did not run');
    expect((await runtime.approvals.list()).map((record) => record.status)).toStrictEqual(['approved', 'pending']);
  });
});

describe('ToolGovernor: policies that change their mind between the dry run and the call', () => {
  /** A fixture whose extra policy gives these decisions in turn (then allows). */
  function flipping(decisions: Decision[]) {
    const fixture = refundFixture();
    fixture.runtime.beforeCapability('openai.refund_customer', { name: 'flip', priority: 10 }, () =>
      decisions.length > 0 ? decisions.shift()! : Decision.allow(),
    );
    return fixture;
  }

  it('asked for approval in the dry run, then allowed: no interruption, and the tool runs once', async () => {
    const { refund, refunds, runtime } = flipping([Decision.requireApproval({ approverGroup: 'ops', reason: 'flip' })]);
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 20)] }, { text: 'ok' }]);

    const result = await run(agentWith(model, [refund]), 'go');

    expect(result.interruptions).toStrictEqual([]);
    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 20 }]);
    expect(await runtime.approvals.list()).toStrictEqual([]);
  });

  it('asked for approval in the dry run, then denied: no interruption, and the model gets the deny', async () => {
    const { refund, refunds } = flipping([
      Decision.requireApproval({ approverGroup: 'ops', reason: 'flip' }),
      Decision.deny('Changed my mind'),
      Decision.deny('Changed my mind'),
    ]);
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 20)] }, { text: 'ok' }]);

    const result = await run(agentWith(model, [refund]), 'go');

    expect(result.interruptions).toStrictEqual([]);
    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toBe('Brane denied this call: Changed my mind');
  });

  it('allowed in the dry run, then asked for approval: the model is told the call needs approval', async () => {
    const { refund, refunds } = flipping([
      Decision.allow(),
      Decision.requireApproval({ approverGroup: 'ops', reason: 'flip' }),
    ]);
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 20)] }, { text: 'ok' }]);

    await run(agentWith(model, [refund]), 'go');

    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toMatch(/^This call needs approval/);
  });
});

describe('ToolGovernor: streamed runs', () => {
  it('interrupts and resumes a streamed run the same way', async () => {
    const { runtime, refund, refunds } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 250)] }, { text: 'Refunded.' }]);
    const agent = agentWith(model, [refund]);

    const streamed = await run(agent, 'go', { stream: true });
    await streamed.completed;
    expect(pendingApprovals(streamed)).toHaveLength(1);
    await approveInterruption(runtime, streamed, streamed.interruptions[0]!, { approver: 'maria@finance' });
    const resumed = await run(agent, streamed.state, { stream: true });
    await resumed.completed;

    expect(resumed.finalOutput).toBe('Refunded.');
    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 250 }]);
  });
});

describe('ToolGovernor: the arguments are the input’s own keys', () => {
  /** A closed schema whose optional properties share their names with members of `Object.prototype`. */
  const noteParameters = {
    type: 'object' as const,
    properties: {
      note: { type: 'string' },
      constructor: { type: 'string' },
      toString: { type: 'string' },
      valueOf: { type: 'string' },
    },
    required: ['note'],
    additionalProperties: false as const,
  };

  it.each(['governedTool', 'governTools'])(
    '%s: an argument the model left out is absent for the policies and the tool, never an inherited member',
    async (how) => {
      const runtime = new Runtime({ agentId: 'notes' });
      const seen: unknown[] = [];
      runtime.beforeCapability('openai.note', { name: 'observer' }, (ctx) => {
        seen.push([ctx.arg('constructor'), ctx.arg('toString'), ctx.arg('valueOf')]);
        return Decision.allow();
      });
      const executed: unknown[] = [];
      const execute = (input: unknown) => {
        executed.push(input);
        return 'noted';
      };
      const options = { name: 'note', description: 'Takes a note', parameters: noteParameters, strict: false as const };
      const note =
        how === 'governedTool'
          ? governedTool(runtime, { ...options, execute })
          : governTools(runtime, [tool({ ...options, execute } as never)])[0]!;
      const model = new ScriptedModel([
        { calls: [{ name: 'note', callId: 'call_1', args: { note: 'hi', valueOf: 'v' } }] },
        { text: 'ok' },
      ]);

      await run(agentWith(model, [note]), 'go');

      expect(model.toolOutput('call_1')).toBe('noted');
      expect(seen.at(-1)).toStrictEqual([undefined, undefined, 'v']);
      expect(executed).toHaveLength(1);
      expect(Object.entries(executed[0] as object)).toStrictEqual([
        ['note', 'hi'],
        ['valueOf', 'v'],
      ]);
    },
  );
});
