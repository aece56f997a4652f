import { applyBraneApprovals, pendingApprovals, type PendingApproval } from '@brane/openai-agents';
import { InMemoryApprovalStore, Runtime, type ApprovalStore } from '@brane/sdk';
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel, toolOutputs } from './ScriptedModel.js';
import { SupportDesk, sampleCustomers } from './SupportDesk.js';
import { SupportPolicies, exampleLimits } from './SupportPolicies.js';
import { supportTools } from './supportTools.js';

/** What happened in the story, for `main` to print and check, and for the tests. */
export interface SupportStory {
  readonly desk: SupportDesk;
  readonly model: ScriptedModel;
  /** What the run stopped for: the refunds Brane asked approval for. */
  readonly pending: readonly PendingApproval[];
  /** What each tool call gave the model, by call id. */
  readonly outputs: ReadonlyMap<string, string>;
  readonly finalOutput: string | undefined;
  readonly store: ApprovalStore;
}

/**
 * A support agent on a scripted model handles two customers: it looks Ada up (her email is redacted for
 * the model), refunds her $75 (allowed), tries $900 for Bob (denied: the model is told why), and asks for
 * $250 for Ada and $300 for Bob (over $100: the run stops for approval). Finance approves Ada's and rejects
 * Bob's through Brane, from its own runtime on the same approval store; the run resumes, Ada's refund runs
 * exactly once, and the model writes its answer from what the tools returned.
 */
export async function supportStory(): Promise<SupportStory> {
  setTracingDisabled(true); // no OpenAI key, nothing exported
  const store = new InMemoryApprovalStore();
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: 'user_lee',
    approvals: { store },
  });
  runtime.use(new SupportPolicies(exampleLimits));
  const desk = new SupportDesk(sampleCustomers);
  const refund = (callId: string, customerId: string, amountUsd: number) => ({
    callId,
    name: 'refund_customer',
    args: { customerId, amountUsd },
  });
  const model = new ScriptedModel([
    { calls: [{ callId: 'call_lookup', name: 'lookup_customer', args: { customerId: 'cust_ada' } }] },
    {
      calls: [
        refund('call_ada_75', 'cust_ada', 75),
        refund('call_bob_900', 'cust_bob', 900),
        refund('call_ada_250', 'cust_ada', 250),
        refund('call_bob_300', 'cust_bob', 300),
      ],
    },
    (request) => ({ text: `Summary for the customer: ${[...toolOutputs(request).values()].join(' | ')}` }),
  ]);
  const agent = new Agent({
    name: 'support',
    instructions: 'Help customers with refunds.',
    model,
    tools: supportTools(runtime, desk),
  });

  const interrupted = await run(agent, 'Ada was charged twice ($75) and wants her $250 fee back; Bob wants $900.');
  const pending = pendingApprovals(interrupted);

  // Finance decides through Brane, from its own runtime on the same store (or `brane approvals approve <id>`).
  const finance = new Runtime({ approvals: { store } });
  for (const request of pending) {
    if (request.callId === 'call_ada_250') {
      await finance.approvals.approve(request.approvalId, { approver: 'maria@finance', comment: 'Fee waived' });
    } else {
      await finance.approvals.reject(request.approvalId, { approver: 'maria@finance', comment: 'Already credited' });
    }
  }

  // The run picks up Brane's decisions and resumes.
  await applyBraneApprovals(runtime, interrupted);
  const finished = await run(agent, interrupted.state);
  const last = model.requests.at(-1);
  const outputs = last === undefined ? new Map<string, string>() : toolOutputs(last);
  return { desk, model, pending, outputs, finalOutput: finished.finalOutput, store };
}
