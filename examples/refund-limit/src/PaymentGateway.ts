/** A refund as the payment provider records it. */
export interface Refund {
  readonly refundId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly reason: string;
}

/** Stands in for a payment provider's API; it keeps every refund it issues, so the example can prove which ran. */
export class PaymentGateway {
  readonly issued: Refund[] = [];

  /** Issues a refund (after a simulated network round trip). */
  async refund(customerId: string, amount: number, reason: string): Promise<Refund> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const refund: Refund = { refundId: `re_${this.issued.length + 1}`, customerId, amount, reason };
    this.issued.push(refund);
    return refund;
  }
}
