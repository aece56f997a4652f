import { tool } from '@langchain/core/tools';
import type { PaymentsLedger } from './PaymentsLedger.js';

/** A customer, as the CRM has it. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly plan: string;
}

const CUSTOMERS: readonly Customer[] = [
  { id: 'cust_ada', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'enterprise' },
  { id: 'cust_old', name: 'Old Account', email: 'old@example.com', plan: 'free' },
];

const byCustomer = {
  type: 'object' as const,
  properties: { customerId: { type: 'string' as const, description: 'The customer id, such as cust_ada' } },
  required: ['customerId'],
};

/**
 * The support agent's LangChain tools, plain and ungoverned: they know nothing of Brane. Each tool's input
 * is a JSON schema (LangChain validates it) and each returns plain data, which after-policies can redact.
 */
export function supportTools(ledger: PaymentsLedger) {
  const lookupCustomer = tool(
    (input) => CUSTOMERS.find((customer) => customer.id === (input as { customerId: string }).customerId) ?? null,
    { name: 'lookup_customer', description: 'Reads a customer record from the CRM.', schema: byCustomer },
  );
  const searchOrders = tool(
    (input) => {
      const { customerId } = input as { customerId: string };
      return [
        { orderId: 'ord_1001', customerId, totalUsd: 250, status: 'charged twice' },
        { orderId: 'ord_1002', customerId, totalUsd: 40, status: 'delivered' },
      ];
    },
    { name: 'search_orders', description: "Lists a customer's orders.", schema: byCustomer },
  );
  const refundCustomer = tool(
    (input) => {
      const { customerId, amountUsd } = input as { customerId: string; amountUsd: number };
      return ledger.refund(customerId, amountUsd);
    },
    {
      name: 'refund_customer',
      description: 'Refunds a customer, in US dollars.',
      schema: {
        type: 'object' as const,
        properties: { customerId: { type: 'string' as const }, amountUsd: { type: 'number' as const } },
        required: ['customerId', 'amountUsd'],
      },
    },
  );
  const deleteCustomer = tool(() => 'deleted', {
    name: 'delete_customer',
    description: 'Deletes a customer and all their data.',
    schema: byCustomer,
  });
  return [lookupCustomer, searchOrders, refundCustomer, deleteCustomer];
}
