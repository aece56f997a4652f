import { PostgresApprovalStore } from '@brane/postgres';
import { Runtime } from '@brane/sdk';
import pg from 'pg';
import { PaymentGateway } from './PaymentGateway.js';
import { RefundApprovalPolicy } from './RefundApprovalPolicy.js';
import { SupportAgent } from './SupportAgent.js';

/** Where the fleet's database is: a `postgres://` URL and the schema of Brane's tables. */
export interface FleetDatabase {
  readonly url: string;
  readonly schema: string;
}

/** One worker of the fleet: its runtime, its agent, and how to stop it. */
export interface FleetWorker {
  readonly runtime: Runtime;
  readonly agent: SupportAgent;
  close(): Promise<void>;
}

/** The support rep the agents act for: the requester, who may not approve. */
export const REQUESTER = 'sam@support';

/**
 * How every worker process starts: a runtime whose approvals live in PostgreSQL (a store opened from the URL,
 * which `runtime.close()` closes), sealed with `BRANE_APPROVAL_SECRET`, the same in every process; the support
 * agent under the refund policy; and the payment gateway, writing to the same database.
 */
export function startWorker(name: string, database: FleetDatabase): FleetWorker {
  const store = new PostgresApprovalStore({
    connectionString: database.url,
    schema: database.schema,
    maxConnections: 2,
  });
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: REQUESTER,
    approvals: { store }, // the key comes from BRANE_APPROVAL_SECRET
  });
  runtime.use(new RefundApprovalPolicy());
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const agent = runtime.govern(new SupportAgent(new PaymentGateway(pool, `"${database.schema}".refunds`, name)));
  return {
    runtime,
    agent,
    close: async () => {
      await runtime.close();
      await pool.end();
    },
  };
}
