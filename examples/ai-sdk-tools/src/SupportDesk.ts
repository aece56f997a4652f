/** A customer as the CRM stores it. */
export interface Customer {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly plan: 'free' | 'pro';
}

/** A refund the payments system issued. */
export interface Refund {
  readonly refundId: string;
  readonly customerId: string;
  readonly amountUsd: number;
}

/**
 * The systems behind the tools: an in-memory CRM and a payments ledger. `refunds` records every refund that
 * was really issued, so the example can show that a denied refund never reached it, and that an approved
 * one reached it once.
 */
export class SupportDesk {
  readonly refunds: Refund[] = [];
  readonly #customers = new Map<string, Customer>([
    ['cust_ada', { customerId: 'cust_ada', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' }],
    ['cust_bob', { customerId: 'cust_bob', name: 'Bob Babbage', email: 'bob@example.com', plan: 'free' }],
  ]);

  lookup(customerId: string): Customer | undefined {
    return this.#customers.get(customerId);
  }

  refund(customerId: string, amountUsd: number): Refund {
    if (!this.#customers.has(customerId)) throw new Error(`No customer ${customerId}`);
    const refund = { refundId: `re_${this.refunds.length + 1}`, customerId, amountUsd };
    this.refunds.push(refund);
    return refund;
  }
}
