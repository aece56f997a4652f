/**
 * Brane for the OpenAI Agents SDK (`@openai/agents`): function tools whose calls are governed capabilities.
 * A deny becomes the tool's output for the model; an approval Brane asks for becomes the SDK's
 * `needsApproval` and an interruption of the run, and an approval given through Brane resumes it.
 */
export { applyBraneApprovals } from './applyBraneApprovals.js';
export type { AppliedApprovals } from './applyBraneApprovals.js';
export { approveInterruption } from './approveInterruption.js';
export type { ApproverDecision } from './decideInterruption.js';
export { governedTool } from './governedTool.js';
export type { GovernedToolOptions } from './governedTool.js';
export type { GovernOptions, InterruptionApproval, ToolCapabilityOptions } from './GovernOptions.js';
export { governTools } from './governTools.js';
export type { GovernToolsOptions } from './governTools.js';
export type { InterruptedRun } from './InterruptedRun.js';
export { isGovernedTool } from './isGovernedTool.js';
export { pendingApprovals } from './pendingApprovals.js';
export type { PendingApproval } from './pendingApprovals.js';
export { refusalMessage } from './refusalMessage.js';
export { rejectInterruption } from './rejectInterruption.js';
export { defaultRunSessionId } from './runSessionId.js';
export type { RunSessionId } from './runSessionId.js';
