import { Injectable } from '@nestjs/common';
import { Capability } from '@brane/sdk';
import { PaymentGateway, type Refund } from './PaymentGateway.js';

/** The support agent: a provider whose capabilities BraneModule governs; what other providers inject is governed. */
@Injectable()
export class SupportAgent {
  constructor(private readonly payments: PaymentGateway) {}

  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
  })
  async refundCustomer(customerId: string, amountUsd: number): Promise<Refund> {
    return await this.payments.refund(customerId, amountUsd);
  }
}
