import {
  generateText,
  stepCountIs,
  type GenerateTextResult,
  type ModelMessage,
  type ToolApprovalRequestOutput,
  type ToolSet,
} from 'ai';
import type { RefundInput } from './refundFixture.js';
import { scriptedModel, type Prompt, type Turn } from './scriptedModel.js';

/** The SDK approval flow of one refund, half way: the request made, the user yet to answer. */
export interface ApprovalFlow {
  readonly first: GenerateTextResult<ToolSet, never>;
  readonly requests: readonly ToolApprovalRequestOutput<ToolSet>[];
  /** The conversation so far; `respond` adds the user's answer. */
  readonly messages: ModelMessage[];
  readonly respond: (approved: boolean, reason?: string) => void;
  readonly resume: (options?: { experimental_context?: unknown }) => Promise<GenerateTextResult<ToolSet, never>>;
  readonly prompts: readonly Prompt[];
}

/**
 * The first half of the SDK's approval flow: the model calls `refund` with `input` (tool call `call_1`),
 * and `generateText` returns with a `tool-approval-request` part. `respond` adds the user's answer to the
 * messages, and `resume` calls `generateText` again with them, as an app does.
 */
export async function requestRefundApproval(
  tools: ToolSet,
  input: RefundInput,
  ...after: Turn[]
): Promise<ApprovalFlow> {
  const { model, prompts } = scriptedModel(
    { toolCalls: [{ id: 'call_1', tool: 'refund', input }] },
    ...(after.length > 0 ? after : [{ text: 'Done.' }]),
  );
  const messages: ModelMessage[] = [{ role: 'user', content: `Refund ${input.customerId} $${input.amountUsd}` }];
  const first = await generateText({ model, tools, messages, stopWhen: stepCountIs(5) });
  messages.push(...first.response.messages);
  const requests = first.content.filter(
    (part): part is ToolApprovalRequestOutput<ToolSet> => part.type === 'tool-approval-request',
  );
  const respond = (approved: boolean, reason?: string): void => {
    messages.push({
      role: 'tool',
      content: requests.map((request) => ({
        type: 'tool-approval-response' as const,
        approvalId: request.approvalId,
        approved,
        ...(reason === undefined ? {} : { reason }),
      })),
    });
  };
  const resume = (options: { experimental_context?: unknown } = {}) =>
    generateText({ model, tools, messages: [...messages], stopWhen: stepCountIs(5), ...options });
  return { first, requests, messages, respond, resume, prompts };
}

/** Calls `generateText` with `messages` and `tools`, and a model playing `turns`: the app in another process. */
export function continueElsewhere(tools: ToolSet, messages: readonly ModelMessage[], ...turns: Turn[]) {
  const { model } = scriptedModel(...(turns.length > 0 ? turns : [{ text: 'Done.' }]));
  return generateText({ model, tools, messages: [...messages], stopWhen: stepCountIs(5) });
}
