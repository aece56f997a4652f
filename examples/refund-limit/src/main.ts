import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CapabilityDeniedError, Runtime } from '@brane/sdk';
import { createRefundRuntime, REQUESTER } from './createRefundRuntime.js';
import { RefundBudgetPolicies, dailyBudgets } from './RefundBudgetPolicies.js';
import { RefundPolicies } from './RefundPolicies.js';
import { REFUSED } from './runStep.js';
import { spawnStep } from './spawnStep.js';
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

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`The example did not behave as documented: ${what}`);
}

/** The recipe: refunds over the tenant's limit are blocked. */
async function denyOverTheLimit(): Promise<void> {
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
  check(agent.payments.issued.length === 2 && stagingAgent.payments.issued.length === 0, 'two refunds in prod');
}

/** The recipe's future section: over the limit, the refund waits for a human, then runs once. One process per step. */
async function approveOverTheLimit(directory: string): Promise<void> {
  console.log(`\n--- Approval instead of deny: five processes share the approvals in ${directory} ---`);

  console.log('1. The agent asks for a refund over the limit:');
  const request = spawnStep('requestRefund', [directory]);
  const approvalId = /^approval id: (\S+)$/m.exec(request.stdout)?.[1];
  check(request.status === 0 && approvalId !== undefined, 'the refund pauses with an approval id');

  console.log(`2. The requester, ${REQUESTER}, tries to approve it (the policy asks for a distinct approver):`);
  const own = spawnStep('approveRefund', [directory, approvalId, REQUESTER]);
  check(own.status === REFUSED && own.stdout.includes('APPROVER_NOT_ALLOWED'), 'the requester may not approve');

  console.log('3. maria@finance, in finance-ops, approves it from her own process:');
  check(spawnStep('approveRefund', [directory, approvalId, 'maria@finance']).status === 0, 'maria approves');

  console.log('4. The agent restarts; a fresh process resumes the approved refund:');
  const resume = spawnStep('resumeRefund', [directory, approvalId]);
  check(resume.status === 0, 'the resume runs the refund');

  console.log('5. Another process resumes it again:');
  const again = spawnStep('resumeRefund', [directory, approvalId]);
  check(again.status === REFUSED && again.stdout.includes('APPROVAL_ALREADY_USED'), 'a second resume is refused');

  const { runtime: reader, ledger } = createRefundRuntime(directory);
  const issued = await ledger.entries();
  const record = await reader.approvals.get(approvalId);
  const by = (pid: number) => (pid === resume.pid ? `pid ${pid}, process 4` : `pid ${pid}`);
  console.log(
    `\nThe payment gateway's ledger holds ${issued.length} refund(s): ` +
      issued.map((entry) => `$${entry.amount} to ${entry.customerId}, issued by ${by(entry.pid)}`).join('; '),
  );
  console.log(
    `Approval ${approvalId}: ${record.status} (${record.execution?.outcome ?? '-'}), approved by ${record.decision?.by ?? '-'}`,
  );
  console.log(`The shared directory holds: ${readdirSync(directory).sort().join(', ')}`);
  check(issued.length === 1 && issued[0]?.pid === resume.pid && issued[0].amount === 250, 'one refund, by process 4');
  check(record.status === 'completed' && record.execution?.outcome === 'succeeded', 'the approval is used up');
}

/** A daily refund budget per tenant: each refund under the per-refund limit still spends from the day's budget. */
async function spendTheDailyBudget(): Promise<void> {
  console.log('\n--- A daily refund budget per tenant (tenant_acme: $300 a day) ---');
  const budgeted = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    scopes: ['refunds:create'],
  });
  budgeted.use(new RefundPolicies(recipeLimits));
  budgeted.use(new RefundBudgetPolicies(dailyBudgets));
  const support = budgeted.govern(new SupportAgent());
  for (const [customer, amount] of [
    ['cust_1', 90],
    ['cust_2', 95],
    ['cust_3', 99],
    ['cust_4', 60],
  ] as const) {
    await attempt(`$${amount} for ${customer}`, () => support.refundCustomer(customer, amount));
  }
  const explained = await budgeted.explain('refund_customer', { customerId: 'cust_5', amountUsd: 16 });
  const budget = explained.limits[0];
  console.log(
    `runtime.explain for $16 more: limit ${budget?.key} has $${budget?.remaining} of $${budget?.max} left; fits: ${budget?.fits}`,
  );
  await attempt('$16 for cust_5', () => support.refundCustomer('cust_5', 16));
  await budgeted.withContext({ tenantId: 'tenant_globex' }, () =>
    attempt('$200 for cust_9 (tenant_globex has its own budget)', () => support.refundCustomer('cust_9', 200)),
  );
  const issued = support.payments.issued.map((refund) => refund.amount);
  check(issued.join(',') === '90,95,99,16,200', 'the refund that would pass $300 is denied; the rest run');
}

async function main(): Promise<void> {
  await denyOverTheLimit();
  await spendTheDailyBudget();
  const directory = mkdtempSync(path.join(tmpdir(), 'brane-refund-approvals-'));
  try {
    await approveOverTheLimit(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
