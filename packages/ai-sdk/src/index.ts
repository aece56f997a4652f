/**
 * `@brane/ai-sdk`: governs the tools of the Vercel AI SDK (`generateText`, `streamText`, agents) with Brane.
 * Every tool call becomes a governed capability call; Brane's decisions map onto the SDK's concepts: a deny
 * is a tool result the model sees, an approval is the SDK's tool-approval flow, a redaction changes the
 * result the model gets.
 */
export { governTools } from './governTools.js';
export { braneApprovalOf } from './BraneToolApproval.js';
export { defaultDenialMessage, isBraneToolDenial } from './BraneToolDenial.js';
export type { BraneToolApproval, ToolApprovalRequestLike } from './BraneToolApproval.js';
export type { BraneToolDenial, BraneToolDenialInfo, BraneToolDenialOutcome } from './BraneToolDenial.js';
export type { GovernToolsOptions, ToolApprovalGrant, ToolCapabilityOptions } from './GovernToolsOptions.js';
export { defaultToolSessionId } from './toolSessionId.js';
export type { ToolSessionSource } from './toolSessionId.js';
