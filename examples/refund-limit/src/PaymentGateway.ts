import type { RefundLedger } from './RefundLedger.js';

/** A refund as the payment provider records it. */
export interface Refund {
  readonly refundId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly reason: string;
}

/**
 * Stands in for a payment provider's API; it keeps every refund it issues, so the example can prove which ran.
 * With a ledger, it also appends each refund to it, so that other processes can see what this one issued.
 */
export class PaymentGateway {
  readonly issued: Refund[] = [];

  constructor(private readonly ledger?: RefundLedger) {}

  /** Issues a refund (after a simulated network round trip). */
  async refund(customerId: string, amount: number, reason: string): Promise<Refund> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const refund: Refund = { refundId: `re_${this.issued.length + 1}`, customerId, amount, reason };
    this.issued.push(refund);
    await this.ledger?.append(refund);
    return refund;
  }
}
