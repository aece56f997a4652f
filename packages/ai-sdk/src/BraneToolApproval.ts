import type { Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import { requireRuntime } from './requireRuntime.js';
import { ToolGovernor } from './ToolGovernor.js';

/**
 * The Brane approval request behind an SDK `tool-approval-request` part: recorded when Brane's policies
 * asked for approval of that tool call, in the runtime's approval store (where `brane approvals list` and
 * `runtime.approvals` see it too).
 */
export interface BraneToolApproval {
  /** Brane's approval id (not the SDK's `approvalId`). */
  readonly approvalId: string;
  readonly capability: string;
  /** The SDK tool name and tool call id the request is for. */
  readonly toolName: string;
  readonly toolCallId: string;
  /** The tenant and principal the call ran as: the only identity that sees, approves or resumes it here. */
  readonly tenantId: string | undefined;
  readonly principalId: string | undefined;
  /** The reason the policies gave. */
  readonly reason: string;
  /** Who may approve, merged from every policy that asked. */
  readonly approverGroups: readonly string[];
  /** ISO 8601; the request cannot be approved or used after it. */
  readonly expiresAt: string;
}

/** A tool call as the SDK gives it: its input picks the request among calls that reused its id. */
interface ToolCallLike {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input?: unknown;
}

/** An SDK approval request part (`result.content`, `onStepFinish`), or the tool call it is for. */
export type ToolApprovalRequestLike = { readonly toolCall: ToolCallLike } | ToolCallLike;

/**
 * The Brane approval request behind an SDK `tool-approval-request` part, if Brane's policies asked for it
 * (a tool's own `needsApproval` asks the SDK only). Requests are linked to tool calls in this process, until
 * they expire: see the package README for what that means across processes.
 *
 * A link belongs to the tenant and principal the tool call ran as: call this under the same identity (inside the
 * same `runtime.withContext`). Any other identity gets `undefined`, even for a tool call id it reused. A part's
 * tool call input picks the request made for those arguments (a bare `{ toolCallId, toolName }`: the latest).
 *
 * @example
 * for (const part of result.content) {
 *   if (part.type !== 'tool-approval-request') continue;
 *   const brane = braneApprovalOf(runtime, part); // { approvalId, reason, approverGroups, expiresAt, ... }
 * }
 */
export function braneApprovalOf(runtime: Runtime, request: ToolApprovalRequestLike): BraneToolApproval | undefined {
  requireRuntime(runtime, 'braneApprovalOf');
  const call = typeof request === 'object' && request !== null && 'toolCall' in request ? request.toolCall : request;
  if (typeof call !== 'object' || call === null || typeof call.toolCallId !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `braneApprovalOf: expected a tool-approval-request part or a tool call (got ${describeValue(request)})`,
    );
  }
  const links = ToolGovernor.existing(runtime)?.links;
  return links?.linkOf(runtime.identity, call.toolName, call.toolCallId, call.input);
}
