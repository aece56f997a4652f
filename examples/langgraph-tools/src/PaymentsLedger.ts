/** A refund the ledger issued. */
export interface Refund {
  readonly refundId: string;
  readonly customerId: string;
  readonly amountUsd: number;
}

/** The payment system the refund tool calls: it records every refund it issues, so the example can count them. */
export class PaymentsLedger {
  readonly refunds: Refund[] = [];

  refund(customerId: string, amountUsd: number): Refund {
    const refund = { refundId: `re_${this.refunds.length + 1}`, customerId, amountUsd };
    this.refunds.push(refund);
    return refund;
  }
}
