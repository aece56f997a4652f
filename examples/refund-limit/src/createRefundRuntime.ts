import * as path from 'node:path';
import { FileApprovalStore, Runtime, type RuntimeOptions } from '@brane/sdk';
import { PaymentGateway } from './PaymentGateway.js';
import { RefundApprovalPolicies } from './RefundApprovalPolicies.js';
import { RefundLedger } from './RefundLedger.js';
import { SupportAgent } from './SupportAgent.js';
import { recipeLimits } from './TenantLimits.js';

/** The support rep the agent acts for in the approval demo: the requester, who may not approve. */
export const REQUESTER = 'sam@support';

/** The support agent of one process, and what it shares with the others through `directory`. */
export interface RefundRuntime {
  readonly runtime: Runtime;
  readonly agent: SupportAgent;
  /** The refunds issued by every process sharing `directory`. */
  readonly ledger: RefundLedger;
}

/**
 * The runtime each process of the approval demo starts with: the support agent in prod for `tenant_acme`,
 * acting for {@link REQUESTER}, under {@link RefundApprovalPolicies}. Approvals live in the embedded file
 * store in `directory` (sealed with the key file it creates there on first use), and the payment gateway
 * appends each refund to `refunds.jsonl` in that directory. Every process that opens the same directory
 * shares both, after a restart too.
 */
export function createRefundRuntime(directory: string, overrides: RuntimeOptions = {}): RefundRuntime {
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: REQUESTER,
    scopes: ['refunds:create'],
    ...overrides,
    approvals: { store: new FileApprovalStore({ directory }) },
  });
  runtime.use(new RefundApprovalPolicies(recipeLimits));
  const ledger = new RefundLedger(path.join(directory, 'refunds.jsonl'));
  const agent = runtime.govern(new SupportAgent(new PaymentGateway(ledger)));
  return { runtime, agent, ledger };
}
