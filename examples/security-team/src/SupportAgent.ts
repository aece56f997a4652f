import { Capability } from '@brane/sdk';

/** A customer support agent: looks up orders (low risk) and refunds customers (high risk). */
export class SupportAgent {
  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', external: true, description: 'Issues a payment refund' },
    owner: 'payments-team',
  })
  refundCustomer(customerId: string, amountUsd: number): string {
    return `refunded $${amountUsd.toFixed(2)} to ${customerId}`; // stands in for the payment provider's API
  }

  @Capability({ name: 'lookup_order', type: 'tool', risk: 'low', effect: { type: 'read' }, owner: 'support-team' })
  lookupOrder(orderId: string): string {
    return `order ${orderId}: shipped`;
  }
}
