/** A customer of the support desk. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly notes: string;
}

/** A refund the payments system issued. */
export interface Refund {
  readonly refundId: string;
  readonly customerId: string;
  readonly amountUsd: number;
}

/** The in-memory CRM and payments system behind the tools; it records every refund it issues. */
export class SupportDesk {
  readonly refunds: Refund[] = [];
  readonly #customers: ReadonlyMap<string, Customer>;

  constructor(customers: readonly Customer[]) {
    this.#customers = new Map(customers.map((customer) => [customer.id, customer]));
  }

  find(customerId: string): Customer | undefined {
    const customer = this.#customers.get(customerId);
    return customer === undefined ? undefined : { ...customer };
  }

  refund(customerId: string, amountUsd: number): Refund {
    const refund = { refundId: `rf_${this.refunds.length + 1}`, customerId, amountUsd };
    this.refunds.push(refund);
    return refund;
  }
}

/** The customers of the example. */
export const sampleCustomers: readonly Customer[] = [
  { id: 'cust_ada', name: 'Ada Lovelace', email: 'ada@example.com', notes: 'Prefers email' },
  { id: 'cust_bob', name: 'Bob Babbage', email: 'bob@example.com', notes: 'Two open disputes' },
];
