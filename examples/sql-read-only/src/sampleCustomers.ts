import type { Customer } from './CustomerDatabase.js';

/** The customers the example's database starts with. */
export const sampleCustomers: readonly Customer[] = [
  { id: 'cust_123', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' },
  { id: 'cust_456', name: 'Grace Hopper', email: 'grace@example.com', plan: 'free' },
  { id: 'cust_789', name: 'Alan Turing', email: 'alan@example.com', plan: 'pro' },
  { id: 'cust_999', name: 'Edsger Dijkstra', email: 'edsger@example.com', plan: 'enterprise' },
];
