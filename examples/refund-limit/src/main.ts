import { CapabilityDeniedError, Runtime } from '@brane/sdk';
import { RefundPolicies } from './RefundPolicies.js';
import { SupportAgent } from './SupportAgent.js';
import { recipeLimits } from './TenantLimits.js';

const runtime = new Runtime({
  agentId: 'support-agent',
  environment: 'prod',
  tenantId: 'tenant_acme',
  scopes: ['refunds:create'],
});
runtime.use(new RefundPolicies(recipeLimits));
const agent = runtime.govern(new SupportAgent());

async function attempt(label: string, refund: () => Promise<unknown>): Promise<void> {
  try {
    console.log(`${label}: allowed ->`, await refund());
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    console.log(`${label}: BLOCKED by ${error.policyName ?? 'default'}@${error.policyVersion ?? '-'}: ${error.reason}`);
    console.log(`  action id ${error.actionId}`);
  }
}

async function main(): Promise<void> {
  await attempt('$75 for cust_123 (tenant_acme, limit $100)', () =>
    agent.refundCustomer('cust_123', 75, 'Duplicate charge'),
  );
  await attempt('$349 for cust_456 (tenant_acme, limit $100)', () =>
    agent.refundCustomer('cust_456', 349, 'Defective product'),
  );
  await runtime.withContext({ tenantId: 'tenant_globex' }, () =>
    attempt('$200 for cust_789 (tenant_globex, limit $250)', () => agent.refundCustomer('cust_789', 200)),
  );

  const staging = new Runtime({ agentId: 'support-agent', environment: 'staging', scopes: ['refunds:create'] });
  staging.use(new RefundPolicies(recipeLimits));
  const stagingAgent = staging.govern(new SupportAgent());
  await attempt('$10 in staging', () => stagingAgent.refundCustomer('cust_123', 10));

  const unscoped = new Runtime({ agentId: 'support-agent', environment: 'prod', tenantId: 'tenant_acme' });
  unscoped.use(new RefundPolicies(recipeLimits));
  await attempt('$10 without the refunds:create scope', () =>
    unscoped.govern(new SupportAgent()).refundCustomer('cust_123', 10),
  );

  console.log(
    `\nRefunds actually issued in prod: ${agent.payments.issued.map((r) => `$${r.amount} to ${r.customerId}`).join(', ')}`,
  );
  if (agent.payments.issued.length !== 2 || stagingAgent.payments.issued.length !== 0) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
