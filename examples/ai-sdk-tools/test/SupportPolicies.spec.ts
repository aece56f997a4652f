import { governTools } from '@brane/ai-sdk';
import { InMemoryApprovalStore, Runtime } from '@brane/sdk';
import { SupportDesk } from '../src/SupportDesk.js';
import { SupportPolicies } from '../src/SupportPolicies.js';
import { supportTools } from '../src/supportTools.js';

function runtimeWithTools() {
  const runtime = new Runtime({ agentId: 'support-agent', approvals: { store: new InMemoryApprovalStore() } });
  runtime.use(new SupportPolicies());
  governTools(runtime, supportTools(new SupportDesk()));
  return runtime;
}

describe('SupportPolicies', () => {
  it.each([
    [40, 'allow'],
    [100, 'allow'],
    [101, 'approval_required'],
    [500, 'approval_required'],
    [501, 'deny'],
  ])('decides a refund of $%d: %s', async (amountUsd, expected) => {
    const { decision } = await runtimeWithTools().explain('ai.refund', { customerId: 'cust_ada', amountUsd });
    expect(decision.type).toBe(expected);
  });

  it('targets only capabilities that the governed tools declare', () => {
    expect(runtimeWithTools().validate().problems).toStrictEqual([]);
  });
});
