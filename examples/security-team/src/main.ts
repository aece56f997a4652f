import { CapabilityDeniedError, type Environment } from '@brane/sdk';
import { createAgentRuntime } from './createAgentRuntime.js';
import { DevOpsAgent } from './DevOpsAgent.js';
import { ResearchAgent } from './ResearchAgent.js';
import { SupportAgent } from './SupportAgent.js';

/** The three agents of one environment, each governed by its own runtime with the security team's policies. */
function deploy(environment: Environment) {
  const runtimes = {
    support: createAgentRuntime({ agentId: 'support-agent', environment }),
    devops: createAgentRuntime({ agentId: 'devops-agent', environment }),
    research: createAgentRuntime({ agentId: 'research-agent', environment }),
  };
  return {
    runtimes: Object.values(runtimes),
    support: runtimes.support.govern(new SupportAgent()),
    devops: runtimes.devops.govern(new DevOpsAgent()),
    research: runtimes.research.govern(new ResearchAgent()),
  };
}

/** Makes one call (sync or async); prints and returns whether it ran or was blocked. */
async function attempt(label: string, call: () => unknown): Promise<'ran' | 'blocked'> {
  try {
    console.log(`  ${label}: ran -> ${String(await call())}`);
    return 'ran';
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    console.log(`  ${label}: BLOCKED by ${error.policyName ?? 'default'}: ${error.reason}`);
    return 'blocked';
  }
}

/** Has every agent of a fleet use every capability it has; returns the outcomes, in order. */
async function tryEverything({ support, devops, research }: ReturnType<typeof deploy>): Promise<string> {
  const outcomes = [
    await attempt('support-agent lookupOrder', () => support.lookupOrder('ord_42')),
    await attempt('support-agent refundCustomer', () => support.refundCustomer('cust_123', 40)),
    await attempt('devops-agent restartService', () => devops.restartService('billing-api')),
    await attempt('devops-agent deleteDatabase', () => devops.deleteDatabase('customers')),
    await attempt('research-agent webSearch', () => research.webSearch('capability-based agent security')),
  ];
  return outcomes.join(',');
}

async function main(): Promise<void> {
  const fleet = deploy('prod');
  const { runtimes } = fleet;
  console.log('What each agent runtime governs, and runtime.validate():');
  for (const runtime of runtimes) {
    const capabilities = runtime.capabilities.map((c) => `${c.name} (${c.risk})`).join(', ');
    const policies = runtime.policies.map((p) => `${p.name}@${p.version ?? '-'} on ${p.targets.join(', ')}`);
    console.log(`  ${runtime.identity.agentId ?? '?'}: ${capabilities}; policies: ${policies.join('; ')}`);
    console.log('    validate() ->', runtime.validate());
  }

  console.log('\nIn prod:');
  const prod = await tryEverything(fleet);
  console.log('\nIn staging:');
  const staging = await tryEverything(deploy('staging'));
  if (
    prod !== 'ran,blocked,ran,blocked,ran' ||
    staging !== 'ran,ran,ran,ran,ran' ||
    !runtimes.every((runtime) => runtime.validate().ok)
  ) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
