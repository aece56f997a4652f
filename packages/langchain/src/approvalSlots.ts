import { AsyncLocalStorage } from 'node:async_hooks';
import type { PendingApproval } from './PendingApproval.js';

/** How a governed tool node and the governed tool it runs share one tool call. */
export interface ApprovalSlot {
  readonly toolCallId: string;
  /** The capability of the tool the call is for; a nested tool call with the same id does not match. */
  readonly capability: string | undefined;
  /** Set by the node: run this approved action (`runtime.resume`) instead of asking the policies again. */
  readonly resume?: string | undefined;
  /** Set by the tool: the approval Brane asked for. */
  approval?: PendingApproval | undefined;
}

/** The slot of the tool call the node is running, if any. */
export const approvalSlots = new AsyncLocalStorage<ApprovalSlot>();

/** The node's slot for this tool call and capability, or `undefined` when the tool runs outside one. */
export function approvalSlotFor(toolCallId: string | undefined, capability: string): ApprovalSlot | undefined {
  const slot = approvalSlots.getStore();
  return slot !== undefined && slot.toolCallId === (toolCallId ?? '') && slot.capability === capability
    ? slot
    : undefined;
}
