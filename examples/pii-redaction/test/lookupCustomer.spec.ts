import { Runtime } from '@brane/sdk';
import type { Customer } from '../src/Customer.js';
import { CustomerStore } from '../src/CustomerStore.js';
import { PiiPolicies } from '../src/PiiPolicies.js';
import { sampleCustomers } from '../src/sampleCustomers.js';
import { SupportAgent } from '../src/SupportAgent.js';

const ada = sampleCustomers[0]!;

/** A support agent governed by the PII policies, acting for support rep `user_lee` with `crm:read`. */
function governedAgent(): { agent: SupportAgent; runtime: Runtime } {
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: 'user_lee',
    scopes: ['crm:read'],
  });
  runtime.use(new PiiPolicies(new Set(['user_sam'])));
  return { agent: runtime.govern(new SupportAgent()), runtime };
}

describe('lookup_customer under the PII policies', () => {
  it('a support rep gets the record with every email masked and the internal notes removed', async () => {
    const { agent } = governedAgent();
    await expect(agent.lookupCustomer('cust_ada')).resolves.toStrictEqual({
      id: 'cust_ada',
      name: 'Ada Lovelace',
      email: '[REDACTED]',
      plan: 'enterprise',
      contacts: [
        { name: 'Charles Babbage', role: 'billing', email: '[REDACTED]' },
        { name: 'Mary Somerville', role: 'technical', email: '[REDACTED]' },
      ],
      orders: [
        { orderId: 'ord_1001', totalUsd: 1200, receiptEmail: '[REDACTED]' },
        { orderId: 'ord_1002', totalUsd: 80, receiptEmail: '[REDACTED]' },
      ],
    });
  });

  it('masks a customer with no contacts too', async () => {
    const { agent } = governedAgent();
    await expect(agent.lookupCustomer('cust_grace')).resolves.toStrictEqual({
      id: 'cust_grace',
      name: 'Grace Hopper',
      email: '[REDACTED]',
      plan: 'free',
      contacts: [],
      orders: [{ orderId: 'ord_2001', totalUsd: 0, receiptEmail: '[REDACTED]' }],
    });
  });

  it('a supervisor also gets the internal notes, with the emails still masked', async () => {
    const { agent, runtime } = governedAgent();
    const record = await runtime.withContext({ principalId: 'user_sam' }, () => agent.lookupCustomer('cust_ada'));
    expect(record).toMatchObject({ email: '[REDACTED]', internalNotes: ada.internalNotes });
    expect(record?.contacts.map((contact) => contact.email)).toStrictEqual(['[REDACTED]', '[REDACTED]']);
  });

  it('the pii:read scope unmasks the emails, but only a supervisor sees the notes', async () => {
    const { agent, runtime } = governedAgent();
    const record = await runtime.withContext({ scopes: ['crm:read', 'pii:read'] }, () =>
      agent.lookupCustomer('cust_ada'),
    );
    expect(record).toEqual({ ...ada, internalNotes: undefined });
    expect(record).not.toHaveProperty('internalNotes');
  });

  it('a supervisor with pii:read gets the record exactly as stored', async () => {
    const { agent, runtime } = governedAgent();
    const record = await runtime.withContext({ principalId: 'user_sam', scopes: ['pii:read'] }, () =>
      agent.lookupCustomer('cust_ada'),
    );
    expect(record).toStrictEqual(ada);
  });

  it('the redactions change what the caller gets, never what the CRM stores', async () => {
    const { agent } = governedAgent();
    const stored = agent.crm.find('cust_ada');
    const redacted = await agent.lookupCustomer('cust_ada');

    expect(redacted).not.toBe(stored);
    expect(redacted?.email).toBe('[REDACTED]');
    expect(agent.crm.find('cust_ada')).toBe(stored);
    expect(stored).toStrictEqual(ada);
  });

  it('returns undefined for an unknown customer: there is nothing to redact', async () => {
    const { agent } = governedAgent();
    await expect(agent.lookupCustomer('cust_nobody')).resolves.toBeUndefined();
  });

  it('without the policies, the capability returns the full record', async () => {
    const agent = new Runtime({ principalId: 'user_lee' }).govern(new SupportAgent());
    await expect(agent.lookupCustomer('cust_ada')).resolves.toStrictEqual(ada);
  });
});

describe('CustomerStore', () => {
  it('keeps deeply frozen copies of the records it is given', () => {
    const customers: Customer[] = [structuredClone(ada)];
    const store = new CustomerStore(customers);
    const stored = store.find('cust_ada')!;

    expect(stored).not.toBe(customers[0]);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.contacts)).toBe(true);
    expect(Object.isFrozen(stored.contacts[0])).toBe(true);
    expect(Object.isFrozen(stored.orders[0])).toBe(true);
  });
});
