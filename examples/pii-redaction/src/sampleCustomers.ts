import type { Customer } from './Customer.js';

/** The customers the example's CRM starts with. */
export const sampleCustomers: readonly Customer[] = [
  {
    id: 'cust_ada',
    name: 'Ada Lovelace',
    email: 'ada@analytical.example',
    plan: 'enterprise',
    contacts: [
      { name: 'Charles Babbage', role: 'billing', email: 'charles@analytical.example' },
      { name: 'Mary Somerville', role: 'technical', email: 'mary@analytical.example' },
    ],
    orders: [
      { orderId: 'ord_1001', totalUsd: 1200, receiptEmail: 'ap@analytical.example' },
      { orderId: 'ord_1002', totalUsd: 80, receiptEmail: 'ada@analytical.example' },
    ],
    internalNotes: 'Escalated twice in March; offered a 10% renewal discount.',
  },
  {
    id: 'cust_grace',
    name: 'Grace Hopper',
    email: 'grace@cobol.example',
    plan: 'free',
    contacts: [],
    orders: [{ orderId: 'ord_2001', totalUsd: 0, receiptEmail: 'grace@cobol.example' }],
    internalNotes: 'Asked about the pro plan.',
  },
];
