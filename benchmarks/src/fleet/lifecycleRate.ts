import { randomBytes } from 'node:crypto';
import { ApprovalService, type ApprovalStore, type NewApproval } from '@brane/approvals';

const SECRET = randomBytes(32);

/** Approval lifecycles completed per second by concurrent workers on one store, and how many in all. */
export interface LifecycleRate {
  readonly perSecond: number;
  readonly lifecycles: number;
  readonly workers: number;
}

function approval(id: string): NewApproval {
  return {
    id,
    capability: 'refund_customer',
    args: { customerId: 'cust_456', amountUsd: 250 },
    tenantId: 'tenant_acme',
    principalId: 'sam@support',
    agentId: 'support-agent',
    environment: 'prod',
    actionId: `act_${id}`,
    traceId: `trace_${id}`,
    policies: [{ name: 'refund_limit', version: '1' }],
    request: { approverGroups: ['finance-ops'], reason: 'Refund over $100', context: { amountUsd: 250 } },
    expiresInMs: 3_600_000,
  };
}

/**
 * `workers` concurrent loops, each running the whole lifecycle (request, approve, claim, complete) on `store`
 * again and again for `durationMs` after a warm-up: what a fleet's approvals cost the store, per second.
 */
export async function lifecycleRate(store: ApprovalStore, workers: number, durationMs: number): Promise<LifecycleRate> {
  const service = new ApprovalService({ store, secret: SECRET });
  const prefix = randomBytes(4).toString('hex');
  let next = 0;
  const lifecycle = async (): Promise<void> => {
    const id = `${prefix}_${String(next++).padStart(9, '0')}`;
    const requested = await service.request(approval(id));
    await service.approve(id, { approver: 'maria@finance' });
    await service.claim(id, {
      capability: requested.capability,
      args: requested.args,
      tenantId: requested.tenantId,
      principalId: requested.principalId,
    });
    await service.complete(id, { outcome: 'succeeded' });
  };
  const run = async (ms: number): Promise<number> => {
    const until = performance.now() + ms;
    let done = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < until) {
          await lifecycle();
          done += 1;
        }
      }),
    );
    return done;
  };
  await run(Math.min(1_000, durationMs / 4));
  const started = performance.now();
  const lifecycles = await run(durationMs);
  const elapsed = performance.now() - started;
  return { perSecond: (lifecycles / elapsed) * 1000, lifecycles, workers };
}
