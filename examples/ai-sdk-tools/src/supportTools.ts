import { jsonSchema, tool } from 'ai';
import type { SupportDesk } from './SupportDesk.js';

/** The input of the `refund` tool. */
export interface RefundInput {
  readonly customerId: string;
  readonly amountUsd: number;
}

/**
 * The support agent's AI SDK tools, written as for any AI SDK app (JSON schemas here; Zod works the same):
 * nothing in them knows about Brane.
 */
export function supportTools(desk: SupportDesk) {
  return {
    lookup_customer: tool({
      description: 'Look a customer up in the CRM',
      inputSchema: jsonSchema<{ customerId: string }>({
        type: 'object',
        properties: { customerId: { type: 'string' } },
        required: ['customerId'],
        additionalProperties: false,
      }),
      execute: ({ customerId }: { customerId: string }) => desk.lookup(customerId) ?? { error: 'not found' },
    }),
    refund: tool({
      description: 'Refund a customer, in US dollars',
      inputSchema: jsonSchema<RefundInput>({
        type: 'object',
        properties: { customerId: { type: 'string' }, amountUsd: { type: 'number' } },
        required: ['customerId', 'amountUsd'],
        additionalProperties: false,
      }),
      execute: ({ customerId, amountUsd }: RefundInput) => desk.refund(customerId, amountUsd),
    }),
  };
}
