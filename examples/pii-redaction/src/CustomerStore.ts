import type { Customer } from './Customer.js';

/**
 * An in-memory CRM. It keeps its own deeply frozen copies of the records and hands them out as they are:
 * nobody who looks a customer up (an agent, a policy, Brane itself) can change what is stored.
 */
export class CustomerStore {
  readonly #records: ReadonlyMap<string, Customer>;

  constructor(customers: readonly Customer[]) {
    this.#records = new Map(customers.map((customer) => [customer.id, frozenCopy(customer)]));
  }

  /** The stored record of a customer, or `undefined` when there is none. */
  find(customerId: string): Customer | undefined {
    return this.#records.get(customerId);
  }
}

function frozenCopy(customer: Customer): Customer {
  return Object.freeze({
    ...customer,
    contacts: Object.freeze(customer.contacts.map((contact) => Object.freeze({ ...contact }))),
    orders: Object.freeze(customer.orders.map((order) => Object.freeze({ ...order }))),
  });
}
