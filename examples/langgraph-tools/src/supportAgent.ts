import { InMemoryApprovalStore, Runtime } from '@brane/sdk';
import { PaymentsLedger } from './PaymentsLedger.js';
import { ScriptedSupportModel, toolCall } from './ScriptedSupportModel.js';
import { supportGraph } from './supportGraph.js';
import { SupportPolicies } from './SupportPolicies.js';
import { supportTools } from './supportTools.js';

/**
 * What the scripted model does: for cust_ada's double charge, it looks her up, lists her orders, refunds the
 * duplicate $250 charge and tries to delete an old account; for "refund $900", it refunds $900; for
 * "refund $40", it refunds $40.
 */
export function plan(request: string) {
  const amount = /\$(\d+)/.exec(request)?.[1];
  if (amount !== undefined) {
    return [toolCall('refund_customer', { customerId: 'cust_ada', amountUsd: Number(amount) }, 'call_refund')];
  }
  return [
    toolCall('lookup_customer', { customerId: 'cust_ada' }, 'call_lookup'),
    toolCall('search_orders', { customerId: 'cust_ada' }, 'call_orders'),
    toolCall('refund_customer', { customerId: 'cust_ada', amountUsd: 250 }, 'call_refund'),
    toolCall('delete_customer', { customerId: 'cust_old' }, 'call_delete'),
  ];
}

/** The whole support agent: a runtime with the policies, the payments ledger, and the graph. */
export function supportAgent() {
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: 'sam@support', // the support rep the agent acts for: distinctApprover bars them from approving
    scopes: ['crm:read', 'refunds:create'],
    approvals: { store: new InMemoryApprovalStore() },
  });
  runtime.use(new SupportPolicies());
  const ledger = new PaymentsLedger();
  const graph = supportGraph(runtime, new ScriptedSupportModel(plan), supportTools(ledger));
  return { runtime, ledger, graph };
}
