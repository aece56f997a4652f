import { governedTool } from '@brane/openai-agents';
import type { Runtime } from '@brane/sdk';
import type { Tool } from '@openai/agents';
import type { SupportDesk } from './SupportDesk.js';

/**
 * The support agent's tools, governed by `runtime`: `lookup_customer` (`openai.lookup_customer`) and
 * `refund_customer` (`openai.refund_customer`, high risk, an irreversible financial effect). Strict JSON
 * schemas; a Zod object works the same.
 */
export function supportTools(runtime: Runtime, desk: SupportDesk): Tool[] {
  const lookup = governedTool(runtime, {
    name: 'lookup_customer',
    description: 'Looks a customer up by id',
    parameters: {
      type: 'object',
      properties: { customerId: { type: 'string' } },
      required: ['customerId'],
      additionalProperties: false,
    },
    capability: { risk: 'low', effect: { type: 'read' }, dataNamespace: 'crm.customers' },
    execute: (input) => desk.find((input as { customerId: string }).customerId) ?? 'No such customer',
  });
  const refund = governedTool(runtime, {
    name: 'refund_customer',
    description: 'Refunds a customer, in US dollars',
    parameters: {
      type: 'object',
      properties: { customerId: { type: 'string' }, amountUsd: { type: 'number' } },
      required: ['customerId', 'amountUsd'],
      additionalProperties: false,
    },
    capability: {
      risk: 'high',
      effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
      owner: 'payments-team',
    },
    execute: (input) => {
      const { customerId, amountUsd } = input as { customerId: string; amountUsd: number };
      return desk.refund(customerId, amountUsd);
    },
  });
  return [lookup, refund];
}
