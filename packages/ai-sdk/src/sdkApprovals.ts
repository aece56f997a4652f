import type { ModelMessage } from 'ai';

/** The SDK's response to the approval request of one tool call. */
export interface SdkApprovalResponse {
  readonly approvalId: string;
  readonly approved: boolean;
  readonly reason: string | undefined;
}

/**
 * The SDK approval ids requested for tool call `toolCallId` in `messages` (the assistant messages'
 * `tool-approval-request` parts). Not empty when the call was sent for approval.
 */
export function approvalRequestsOf(toolCallId: string, messages: readonly ModelMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'tool-approval-request' && part.toolCallId === toolCallId) ids.add(part.approvalId);
    }
  }
  return ids;
}

/**
 * The response to tool call `toolCallId`'s approval request, as the SDK reads it: from the last message,
 * when it is a tool message, the first response to one of the call's requests. `undefined` when there is
 * none: the SDK is running the call in an ordinary step, not as an approved one.
 */
export function approvalResponseOf(
  toolCallId: string,
  messages: readonly ModelMessage[],
): SdkApprovalResponse | undefined {
  const last = messages.at(-1);
  if (last?.role !== 'tool') return undefined;
  const requested = approvalRequestsOf(toolCallId, messages);
  for (const part of last.content) {
    if (part.type === 'tool-approval-response' && requested.has(part.approvalId)) {
      return { approvalId: part.approvalId, approved: part.approved, reason: part.reason };
    }
  }
  return undefined;
}
