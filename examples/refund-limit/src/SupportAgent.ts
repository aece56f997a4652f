import { Capability } from '@brane/sdk';
import { PaymentGateway, type Refund } from './PaymentGateway.js';

/** A support agent that can refund customers through a payment gateway. */
export class SupportAgent {
  constructor(readonly payments: PaymentGateway = new PaymentGateway()) {}

  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
  })
  async refundCustomer(customerId: string, amountUsd: number, reason = ''): Promise<Refund> {
    return await this.payments.refund(customerId, amountUsd, reason);
  }
}
