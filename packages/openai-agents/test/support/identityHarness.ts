import { InMemoryApprovalStore } from '@brane/approvals';
import { currentAction, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { RunContext, run, type RunResult } from '@openai/agents';
import {
  FINANCE_APPROVER,
  runAs,
  type AdapterHarness,
  type Execution,
} from '../../../../test/reliability/fixtures/AdapterHarness.js';
import { approveInterruption, governedTool, pendingApprovals, rejectInterruption } from '../../src/index.js';
import { agentWith, refundParameters } from './refundFixture.js';
import { ScriptedModel } from './ScriptedModel.js';

/** An interrupted run, and the agent to resume it with. */
export interface AgentsFlow {
  readonly approvalId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any agent, as the SDK's own result types
  result: RunResult<any, any>;
  readonly agent: ReturnType<typeof agentWith>;
}

/**
 * The OpenAI Agents adapter for the cross-identity property: every run of every identity shares one
 * `RunContext` (an app may pass one to `run`, and agents used as tools share their caller's), which is the
 * worst case for links kept per run context and tool call id.
 */
export function openAiAgentsHarness(): AdapterHarness<AgentsFlow> {
  const runtime = new Runtime({ agentId: 'support-agent', approvals: { store: new InMemoryApprovalStore() } });
  runtime.beforeCapability('openai.refund_customer', { name: 'refund_limit' }, (ctx) =>
    ctx.arg<number>('amountUsd', 0) > 100
      ? Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Large refund' })
      : Decision.allow(),
  );
  const executions: Execution[] = [];
  const refund = governedTool(runtime, {
    name: 'refund_customer',
    description: 'Refunds a customer',
    parameters: refundParameters,
    authorizeApprover: () => FINANCE_APPROVER,
    execute: () => {
      const { tenantId, principalId } = runtime.identity;
      executions.push({ tenantId, principalId, approvalId: currentAction()?.approval?.approvalId });
      return 'refunded';
    },
  });
  const shared = new RunContext({});
  const ok = { text: 'ok' };
  return {
    name: 'openai-agents',
    runtime,
    executions,
    async request(identity, call) {
      const { callId, customerId, amountUsd } = call;
      const first = { calls: [{ name: 'refund_customer', callId, args: { customerId, amountUsd } }] };
      const model = new ScriptedModel([first, ...Array.from({ length: 20 }, () => ok)]); // later turns: `ok`
      const agent = agentWith(model, [refund]);
      return runAs(runtime, identity, async () => {
        const result = await run(agent, `Refund ${customerId}`, { context: shared });
        if (result.interruptions.length === 0) return undefined;
        const [pending] = pendingApprovals(result);
        if (pending === undefined) throw new Error('an interruption the adapter does not show its caller');
        return { approvalId: pending.approvalId, result, agent };
      });
    },
    async show(flow, identity) {
      return runAs(runtime, identity, () => pendingApprovals(flow.result).map((pending) => pending.approvalId));
    },
    async decide(flow, identity, approved) {
      const item = flow.result.interruptions[0];
      if (item === undefined) return;
      const decide = approved ? approveInterruption : rejectInterruption;
      await runAs(runtime, identity, async () => {
        await decide(runtime, flow.result, item, { approver: 'claimed' }).catch(() => undefined); // refused: fine
        flow.result = await run(flow.agent, flow.result.state);
      });
    },
  };
}
