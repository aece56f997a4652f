import { InMemoryApprovalStore } from '@brane/approvals';
import { Runtime, type RuntimeOptions } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { ApprovalView } from '@brane/policy-engine';
import { Agent, setTracingDisabled, type Tool } from '@openai/agents';
import { governedTool, type GovernOptions } from '../../src/index.js';
import type { ScriptedModel } from './ScriptedModel.js';

// No OpenAI key, no network: nothing is exported.
setTracingDisabled(true);

/** The arguments of the refund tool. */
export interface RefundInput {
  readonly customerId: string;
  readonly amountUsd: number;
}

/** A strict JSON schema (the SDK also takes Zod objects; this workspace gives the package no `zod`). */
export const refundParameters = {
  type: 'object' as const,
  properties: { customerId: { type: 'string' }, amountUsd: { type: 'number' } },
  required: ['customerId', 'amountUsd'],
  additionalProperties: false as const,
};

/**
 * A runtime for support agent `user_lee` of `tenant_acme`, with the policy `refund_limit` on the governed
 * refund tool: up to $100 is allowed, up to $500 needs approval from `finance-ops`, more is denied.
 */
export function refundFixture(
  options: {
    runtime?: RuntimeOptions;
    expiresInMs?: number;
    authorizeApprover?: GovernOptions['authorizeApprover'];
  } = {},
) {
  const store = new InMemoryApprovalStore();
  const runtime = new Runtime({
    agentId: 'support-agent',
    tenantId: 'tenant_acme',
    principalId: 'user_lee',
    approvals: { store },
    ...options.runtime,
  });
  const approvalsSeen: (ApprovalView | undefined)[] = [];
  runtime.beforeCapability('openai.refund_customer', { name: 'refund_limit', version: '1.0' }, (ctx) => {
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
  const refunds: RefundInput[] = [];
  const refund = governedTool(runtime, {
    name: 'refund_customer',
    description: 'Refunds a customer',
    parameters: refundParameters,
    capability: { risk: 'high', effect: { type: 'financial', reversible: false } },
    ...(options.authorizeApprover === undefined ? {} : { authorizeApprover: options.authorizeApprover }),
    execute: async (input) => {
      const { customerId, amountUsd } = input as RefundInput;
      refunds.push({ customerId, amountUsd });
      return { refundId: `rf_${refunds.length}`, customerId, amountUsd };
    },
  });
  return { runtime, store, refund, refunds, approvalsSeen };
}

/** A support agent on the scripted model. */
export function agentWith(model: ScriptedModel, tools: Tool[]): Agent {
  return new Agent({ name: 'support', instructions: 'Help the customer.', model, tools });
}

/** A function call of the refund tool. */
export function refundCall(callId: string, customerId: string, amountUsd: number) {
  return { name: 'refund_customer', callId, args: { customerId, amountUsd } };
}
