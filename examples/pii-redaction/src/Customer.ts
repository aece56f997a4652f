/** Someone at a customer's company that support may contact. */
export interface Contact {
  readonly name: string;
  readonly role: string;
  readonly email: string;
}

/** An order, with the address its receipt was sent to. */
export interface Order {
  readonly orderId: string;
  readonly totalUsd: number;
  readonly receiptEmail: string;
}

/** A customer record as the CRM stores it. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly plan: 'free' | 'pro' | 'enterprise';
  readonly contacts: readonly Contact[];
  readonly orders: readonly Order[];
  /** What support staff wrote about the customer; for supervisors only. */
  readonly internalNotes: string;
}
