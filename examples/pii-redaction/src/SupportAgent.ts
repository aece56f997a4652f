import { Capability } from '@brane/sdk';
import type { Customer } from './Customer.js';
import { CustomerStore } from './CustomerStore.js';
import { sampleCustomers } from './sampleCustomers.js';

/** A support agent that can look customers up in the CRM. */
export class SupportAgent {
  constructor(readonly crm: CustomerStore = new CustomerStore(sampleCustomers)) {}

  /** The customer's full record, as the CRM stores it; the after-policies decide what the caller sees. */
  @Capability({
    name: 'lookup_customer',
    type: 'database',
    risk: 'medium',
    effect: { type: 'read', reversible: true, description: 'Reads a customer record, including contact details' },
    dataNamespace: 'crm.customers',
    owner: 'support-team',
  })
  async lookupCustomer(customerId: string): Promise<Customer | undefined> {
    await new Promise((resolve) => setTimeout(resolve, 1)); // a simulated database round trip
    return this.crm.find(customerId);
  }
}
