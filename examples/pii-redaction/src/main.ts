import { isDeepStrictEqual } from 'node:util';
import { Runtime } from '@brane/sdk';
import type { Customer } from './Customer.js';
import { exampleSupervisors, PiiPolicies } from './PiiPolicies.js';
import { sampleCustomers } from './sampleCustomers.js';
import { SupportAgent } from './SupportAgent.js';

const runtime = new Runtime({
  agentId: 'support-agent',
  environment: 'prod',
  tenantId: 'tenant_acme',
  principalId: 'user_lee', // a support representative
  scopes: ['crm:read'],
});
runtime.use(new PiiPolicies(exampleSupervisors));
const agent = runtime.govern(new SupportAgent());

/** The emails and notes of a record as the caller got it, on one line each. */
function summarize(label: string, customer: Customer | undefined): void {
  console.log(`\n${label}:`);
  if (customer === undefined) {
    console.log('  no such customer');
    return;
  }
  console.log(`  email:         ${customer.email}`);
  console.log(`  contacts:      ${customer.contacts.map((contact) => contact.email).join(', ')}`);
  console.log(`  receipts:      ${customer.orders.map((order) => order.receiptEmail).join(', ')}`);
  console.log(`  internalNotes: ${'internalNotes' in customer ? JSON.stringify(customer.internalNotes) : '(removed)'}`);
}

async function main(): Promise<void> {
  const rep = await agent.lookupCustomer('cust_ada');
  console.log('user_lee (support rep, scopes crm:read) looks up cust_ada and gets:');
  console.dir(rep, { depth: null });
  summarize('the same lookup, summarized', rep);

  const supervisor = await runtime.withContext({ principalId: 'user_sam' }, () => agent.lookupCustomer('cust_ada'));
  summarize('user_sam (supervisor, scopes crm:read)', supervisor);

  const privileged = await runtime.withContext({ principalId: 'user_sam', scopes: ['crm:read', 'pii:read'] }, () =>
    agent.lookupCustomer('cust_ada'),
  );
  summarize('user_sam with pii:read', privileged);

  const missing = await agent.lookupCustomer('cust_nobody');
  summarize('user_lee looks up cust_nobody', missing);

  const stored = agent.crm.find('cust_ada');
  const untouched = isDeepStrictEqual(stored, sampleCustomers[0]);
  console.log(`\nThe CRM still stores ${stored?.email ?? '?'} for cust_ada, untouched: ${untouched}`);

  if (
    rep?.email !== '[REDACTED]' ||
    rep.contacts.some((contact) => contact.email !== '[REDACTED]') ||
    'internalNotes' in rep ||
    supervisor?.email !== '[REDACTED]' ||
    !('internalNotes' in supervisor) ||
    !isDeepStrictEqual(privileged, sampleCustomers[0]) ||
    missing !== undefined ||
    !untouched
  ) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
