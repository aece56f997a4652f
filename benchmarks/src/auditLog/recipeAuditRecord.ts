/** A recipe action record as the runtime records it (model version 2), its keys sorted: its canonical JSON. */
export type RecipeAuditRecord = Readonly<Record<string, unknown>>;

const CAPABILITIES = ['refund_customer', 'lookup_order', 'send_email', 'wire_funds'];
const TENANTS = ['tenant_acme', 'tenant_globex', 'tenant_initech'];
const START = Date.parse('2026-01-01T00:00:00.000Z');

/**
 * The `n`th record (from 1) of a generated recipe log: one record in 50 denied by the amount limit, capabilities
 * and tenants in turn, 10 ms apart from 2026-01-01. Its keys are already sorted, so `JSON.stringify` gives its
 * canonical JSON (what a line of format 2 holds).
 */
export function recipeAuditRecord(n: number): RecipeAuditRecord {
  const denied = n % 50 === 0;
  const id = n.toString(36).toUpperCase().padStart(26, '0');
  const decision = denied
    ? {
        decisionId: `D${id.slice(1)}`,
        policyName: 'refund_amount_limit',
        policyVersion: '1.0',
        reason: 'Refund exceeds the tenant limit',
        type: 'deny',
      }
    : { decisionId: `D${id.slice(1)}`, policyName: 'refund_amount_limit', policyVersion: '1.0', type: 'allow' };
  const policy = (name: string, outcome: string) => ({
    decision: outcome,
    durationMs: 0.003,
    name,
    stage: 'before',
    version: '1.0',
  });
  return {
    actionId: `A${id.slice(1)}`,
    agentId: 'support-agent',
    args: { amountUsd: 75 + (n % 500), customerId: `cust_${n % 1000}` },
    capability: CAPABILITIES[n % CAPABILITIES.length],
    capabilityType: 'tool',
    decisions: { before: decision },
    durationMs: 0.084,
    effect: { external: true, type: 'financial' },
    environment: 'prod',
    ...(denied ? {} : { executionMs: 0.004 }),
    outcome: denied ? 'denied' : 'allowed',
    phase: 'completed',
    policies: [
      policy('refund_require_prod', 'allow'),
      policy('refund_scope_check', 'allow'),
      policy('refund_amount_limit', denied ? 'deny' : 'allow'),
    ],
    ...(denied ? { reason: 'Refund exceeds the tenant limit' } : {}),
    risk: 'high',
    scopes: ['refunds:create'],
    ...(denied ? { stage: 'before' } : {}),
    tenantId: TENANTS[n % TENANTS.length],
    time: new Date(START + n * 10).toISOString(),
    traceId: `T${id.slice(1)}`,
    type: 'action',
    v: 2,
  };
}
