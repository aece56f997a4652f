// The minimal governed agent whose bundle size `pnpm bench` reports and `scripts/smoke-dist.mjs` guards: one
// capability, one policy, a runtime with its defaults (in-memory approvals and limits, no audit).
import { BeforeCapability, Capability, Decision, Runtime, type PolicyContext } from '@brane/sdk';

class SupportAgent {
  @Capability({ name: 'refund_customer', risk: 'high' })
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
