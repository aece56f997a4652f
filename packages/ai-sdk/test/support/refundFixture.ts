import { InMemoryApprovalStore } from '@brane/approvals';
import { Runtime, type RuntimeOptions } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { ApprovalView } from '@brane/policy-engine';
import { jsonSchema, tool } from 'ai';

/** The input of the refund tool. */
export interface RefundInput {
  readonly customerId: string;
  readonly amountUsd: number;
}

/** The input of the customer lookup tool. */
export interface LookupInput {
  readonly customerId: string;
}

/** A JSON schema (the workspace gives this package no `zod`; the SDK takes either). */
const refundSchema = jsonSchema<RefundInput>({
  type: 'object',
  properties: { customerId: { type: 'string' }, amountUsd: { type: 'number' } },
  required: ['customerId', 'amountUsd'],
  additionalProperties: false,
});

const lookupSchema = jsonSchema<LookupInput>({
  type: 'object',
  properties: { customerId: { type: 'string' } },
  required: ['customerId'],
  additionalProperties: false,
});

/**
 * A runtime for support agent `user_lee` of `tenant_acme`, and two tools: `refund` (policy `refund_limit`:
 * up to $100 allowed, up to $500 needs approval from `finance-ops`, more denied) and `lookup` (policy
 * `mask_email`: the customer's email is redacted). `refunds` and `lookups` record every real execution.
 */
export function refundFixture(options: { runtime?: RuntimeOptions; expiresInMs?: number } = {}) {
  const store = new InMemoryApprovalStore();
  const runtime = new Runtime({
    // Some tests govern only one of the two tools, so the other one's policy targets an unknown capability.
    unknownTargets: 'ignore',
    agentId: 'support-agent',
    tenantId: 'tenant_acme',
    principalId: 'user_lee',
    approvals: { store },
    ...options.runtime,
  });
  const approvalsSeen: (ApprovalView | undefined)[] = [];
  runtime.beforeCapability('ai.refund', { name: 'refund_limit', version: '1.0' }, (ctx) => {
    approvalsSeen.push(ctx.approval);
    const amount = ctx.arg<number>('amountUsd', 0);
    if (amount > 500) return Decision.deny(`Refund of $${amount} exceeds the $500 limit`);
    if (amount > 100) {
      return Decision.requireApproval({
        approverGroup: 'finance-ops',
        reason: `Refund of $${amount} needs approval`,
        ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }),
      });
    }
    return Decision.allow();
  });
  runtime.afterCapability('ai.lookup', { name: 'mask_email', version: '1.0' }, () =>
    Decision.redact(['email'], { reason: 'Emails are personal data' }),
  );
  const refunds: RefundInput[] = [];
  const lookups: LookupInput[] = [];
  const tools = {
    refund: tool({
      description: 'Refund a customer',
      inputSchema: refundSchema,
      execute: async (input: RefundInput) => {
        refunds.push(input);
        return { refunded: true, ...input };
      },
    }),
    lookup: tool({
      description: 'Look a customer up',
      inputSchema: lookupSchema,
      execute: async ({ customerId }: LookupInput) => {
        lookups.push({ customerId });
        return { customerId, name: 'Ada Lovelace', email: 'ada@example.com' };
      },
    }),
  };
  return { runtime, store, tools, refunds, lookups, approvalsSeen };
}
