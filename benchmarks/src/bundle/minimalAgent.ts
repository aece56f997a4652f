// The minimal governed agent whose bundle size `pnpm bench` reports and `scripts/smoke-dist.mjs` guards: one
// capability, one policy, a runtime with its defaults (in-memory limits, no audit). `params` names the arguments:
// minifying renames parameters, so they cannot be read from the source.
import { BeforeCapability, Capability, Decision, Runtime, type PolicyContext } from '@brane/sdk';

class SupportAgent {
  @Capability({ name: 'refund_customer', risk: 'high', params: ['customerId', 'amountUsd'] })
  refund(customerId: string, amountUsd: number): string {
    return `refunded ${amountUsd} to ${customerId}`;
  }
}

class RefundLimit {
  @BeforeCapability('refund_customer', { name: 'refund-limit' })
  check(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('over the limit') : Decision.allow();
  }
}

const runtime = new Runtime({ agentId: 'support-agent' });
runtime.use(new RefundLimit());
const agent = runtime.govern(new SupportAgent());
console.log(agent.refund('cust_1', 75));
try {
  agent.refund('cust_2', 349);
} catch (error) {
  console.log((error as Error).message);
}
