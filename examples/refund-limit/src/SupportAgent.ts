import { Capability } from '@brane/sdk';

/** The result of a refund. */
export interface Refund {
  readonly refunded: true;
  readonly customerId: string;
  readonly amount: number;
  readonly reason: string;
}

/** A support agent that can refund customers. Every refund it issues is recorded in `issued`. */
export class SupportAgent {
  readonly issued: Refund[] = [];

  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
  })
  async refundCustomer(customerId: string, amountUsd: number, reason = ''): Promise<Refund> {
    const refund: Refund = { refunded: true, customerId, amount: amountUsd, reason };
    this.issued.push(refund); // stands in for the payment provider's API
    return refund;
  }
}
