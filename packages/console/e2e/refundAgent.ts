import { FileApprovalStore } from '@brane/approvals';
import { JsonlFileSink } from '@brane/audit';
import { InMemorySessionStore } from '@brane/sessions';
import { BeforeCapability, Capability, Decision, Runtime, type PolicyContext } from '@brane/sdk';

/** The governed agent of the browser tests: a refund tool, and the calls that really ran. */
export class RefundAgent {
  readonly refunds: { customerId: string; amountUsd: number; note: string }[] = [];

  @Capability({ name: 'payments.refund', risk: 'high', params: ['customerId', 'amountUsd', 'note'] })
  async refund(customerId: string, amountUsd: number, note = ''): Promise<string> {
    this.refunds.push({ customerId, amountUsd, note });
    return await Promise.resolve(`refunded ${amountUsd} to ${customerId}`);
  }
}

/**
 * Refunds up to 1,000 run; above, a person in `finance` must approve. A note that says `expire fast` asks for an
 * approval that expires in two seconds (the expired-request case).
 */
export class RefundApprovalPolicy {
  @BeforeCapability('payments.refund', { name: 'refund_limit', version: '2.1', priority: 100 })
  limit(ctx: PolicyContext): Decision {
    const amount = ctx.arg<number>('amountUsd', 0);
    if (amount <= 1_000) return Decision.allow();
    const note = ctx.arg<string>('note', '');
    return Decision.requireApproval({
      approverGroup: 'finance',
      reason: `Refund of $${amount} exceeds the $1000 limit. Note from the agent: ${note}`,
      expiresInMs: note.includes('expire fast') ? 2_000 : 3_600_000,
      context: { customerId: ctx.arg<string>('customerId'), amount },
      distinctApprover: true,
    });
  }
}

/**
 * A runtime whose approvals and audit log live under `directory`, with calls that wait for their approval, and
 * sessions in memory (the console reads them for each request's recent actions).
 */
export function refundRuntime(
  directory: string,
  secret: string,
): { runtime: Runtime; agent: RefundAgent; raw: RefundAgent; sessions: InMemorySessionStore } {
  const sessions = new InMemorySessionStore();
  const runtime = new Runtime({
    sessions: { store: sessions },
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'acme',
    principalId: 'rep-42',
    approvals: {
      store: new FileApprovalStore({ directory: `${directory}/approvals` }),
      secret,
      wait: true,
      pollIntervalMs: 50,
    },
    audit: { sinks: [new JsonlFileSink({ directory: `${directory}/audit`, flushIntervalMs: 10 })] },
  });
  runtime.use(new RefundApprovalPolicy());
  const raw = new RefundAgent();
  return { runtime, agent: runtime.govern(raw), raw, sessions };
}
