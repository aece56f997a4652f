// The minimal governed agent with approvals and an audit trail, both in memory: what `pnpm bench` reports beside the
// minimal agent. A bundler drops the registrations Node runs when it loads Brane, so the app registers both
// features itself (`useApprovals()`, `useAudit()`); the file stores stay out.
import {
  BeforeCapability,
  Capability,
  Decision,
  InMemoryApprovalStore,
  MemoryAuditSink,
  Runtime,
  useApprovals,
  useAudit,
  type PolicyContext,
} from '@brane/sdk';

useApprovals();
useAudit();

class SupportAgent {
  @Capability({ name: 'refund_customer', risk: 'high', params: ['customerId', 'amountUsd'] })
  refund(customerId: string, amountUsd: number): string {
    return `refunded ${amountUsd} to ${customerId}`;
  }
}

class RefundLimit {
  @BeforeCapability('refund_customer', { name: 'refund-limit' })
  check(ctx: PolicyContext): Decision {
    if (ctx.approval !== undefined || ctx.arg<number>('amountUsd', 0) <= 100) return Decision.allow();
    return Decision.requireApproval({ approverGroup: 'finance', reason: 'over the limit' });
  }
}

const sink = new MemoryAuditSink();
const runtime = new Runtime({
  agentId: 'support-agent',
  approvals: { store: new InMemoryApprovalStore() },
  audit: { sinks: [sink] },
});
runtime.use(new RefundLimit());
const agent = runtime.govern(new SupportAgent());
/** A refund under the limit, then one that needs approval: approved, resumed, and the audit trail flushed. */
async function main(): Promise<void> {
  console.log(agent.refund('cust_1', 75));
  try {
    agent.refund('cust_2', 349);
  } catch (error) {
    const { approvalId, recorded } = error as { approvalId: string; recorded: Promise<void> };
    await recorded;
    await runtime.approvals.approve(approvalId, { approver: 'maria@finance' });
    console.log(await runtime.resume(approvalId));
  }
  await runtime.close();
  console.log(`${sink.events.length} audit events`);
}

void main();
