import { Injectable } from '@nestjs/common';

/** A refund the gateway issued. */
export interface Refund {
  readonly refundId: string;
  readonly customerId: string;
  readonly amountUsd: number;
}

/** The payment provider: every refund that reaches it is money out, so the example counts them. */
@Injectable()
export class PaymentGateway {
  readonly issued: Refund[] = [];

  refund(customerId: string, amountUsd: number): Promise<Refund> {
    const refund = { refundId: `re_${this.issued.length + 1}`, customerId, amountUsd };
    this.issued.push(refund);
    return Promise.resolve(refund);
  }
}
