import { Capability } from '@brane/sdk';
import type { PaymentGateway, Refund } from './PaymentGateway.js';

/** The support agent every worker of the fleet runs: it can refund customers. */
export class SupportAgent {
  constructor(readonly payments: PaymentGateway) {}

  @Capability({
    name: 'refund_customer',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
  })
  async refundCustomer(customerId: string, amountUsd: number): Promise<Refund> {
    return await this.payments.refund(customerId, amountUsd);
  }
}
