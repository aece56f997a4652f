import { InMemoryApprovalStore } from '@brane/approvals';
import { currentAction, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { generateText, jsonSchema, stepCountIs, tool, type ModelMessage } from 'ai';
import {
  FINANCE_APPROVER,
  runAs,
  type AdapterHarness,
  type CallIdentity,
  type Execution,
  type RefundCall,
} from '../../../../test/reliability/fixtures/AdapterHarness.js';
import { braneApprovalOf, governTools } from '../../src/index.js';
import { scriptedModel } from './scriptedModel.js';

/** A tool call waiting for the user's approval in one conversation. */
export interface SdkFlow {
  readonly approvalId: string;
  readonly messages: ModelMessage[];
  /** The SDK's `tool-approval-request` part. */
  readonly request: {
    readonly approvalId: string;
    readonly toolCall: { readonly toolCallId: string; readonly toolName: string; readonly input: unknown };
  };
}

/**
 * The AI SDK adapter for the cross-identity property: `generateText` with a scripted model that calls the governed
 * `refund` tool; an approval is the SDK's flow (`tool-approval-request`, then a `tool-approval-response` in the
 * messages of the next call, which is how a `useChat` client sends it: anyone can put any tool call id there).
 */
export function aiSdkHarness(): AdapterHarness<SdkFlow> {
  const runtime = new Runtime({ agentId: 'support-agent', approvals: { store: new InMemoryApprovalStore() } });
  runtime.beforeCapability('ai.refund', { name: 'refund_limit' }, (ctx) =>
    ctx.arg<number>('amountUsd', 0) > 100
      ? Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Large refund' })
      : Decision.allow(),
  );
  const executions: Execution[] = [];
  const refund = tool({
    description: 'Refund a customer',
    inputSchema: jsonSchema<{ customerId: string; amountUsd: number }>({
      type: 'object',
      properties: { customerId: { type: 'string' }, amountUsd: { type: 'number' } },
      required: ['customerId', 'amountUsd'],
      additionalProperties: false,
    }),
    execute: async () => {
      const { tenantId, principalId } = runtime.identity;
      executions.push({ tenantId, principalId, approvalId: currentAction()?.approval?.approvalId });
      return 'refunded';
    },
  });
  const tools = governTools(runtime, { refund }, { authorizeApprover: () => FINANCE_APPROVER });
  const generate = (identity: CallIdentity, messages: ModelMessage[], call?: RefundCall) => {
    const input = call === undefined ? undefined : { customerId: call.customerId, amountUsd: call.amountUsd };
    const turns = call === undefined ? [] : [{ toolCalls: [{ id: call.callId, tool: 'refund', input }] }];
    const { model } = scriptedModel(...turns, { text: 'ok' });
    return runAs(runtime, identity, () => generateText({ model, tools, messages, stopWhen: stepCountIs(3) }));
  };
  return {
    name: 'ai-sdk',
    runtime,
    executions,
    async request(identity, call) {
      const messages: ModelMessage[] = [{ role: 'user', content: `Refund ${call.customerId}` }];
      const result = await generate(identity, messages, call);
      messages.push(...result.response.messages);
      const request = result.content.find((part) => part.type === 'tool-approval-request');
      if (request?.type !== 'tool-approval-request') return undefined;
      const shown = runAs(runtime, identity, () => braneApprovalOf(runtime, request));
      if (shown === undefined) throw new Error('an approval request the adapter does not show its caller');
      return { approvalId: shown.approvalId, messages, request };
    },
    async show(flow, identity) {
      const shown = runAs(runtime, identity, () => braneApprovalOf(runtime, flow.request));
      return shown === undefined ? [] : [shown.approvalId];
    },
    async decide(flow, identity, approved) {
      // The conversation as the client sends it back, answered: whoever sends it, with whatever ids it holds.
      const response = { type: 'tool-approval-response' as const, approvalId: flow.request.approvalId, approved };
      await generate(identity, [...flow.messages, { role: 'tool', content: [response] }]);
    },
  };
}
