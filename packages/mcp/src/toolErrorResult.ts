import {
  ApprovalRequiredError,
  BraneError,
  CapabilityDeniedError,
  ConfigurationError,
  boundText,
  type BraneErrorCode,
} from '@brane/errors';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** What the result of a call that Brane stopped carries in `_meta.brane`, for clients to show. */
export interface GovernedResultMeta {
  /** The code of the Brane error: `CAPABILITY_DENIED`, `APPROVAL_REQUIRED`, `SANDBOX_TIMEOUT`, ... */
  readonly code: BraneErrorCode;
  /** The decision that stopped the call, for a deny or an approval request. */
  readonly decision?: 'deny' | 'approval_required';
  readonly capability?: string;
  readonly actionId?: string;
  readonly reason?: string;
  /** The policy that denied, and its version. */
  readonly policy?: string;
  readonly policyVersion?: string;
  /** `before`: the tool never ran. `after`: it ran, and its output was withheld. */
  readonly stage?: 'before' | 'after';
  /** The pending request: approve it, then `runtime.resume(approvalId)` runs the call. */
  readonly approval?: {
    readonly approvalId: string;
    readonly approverGroups: readonly string[];
    readonly expiresAt: string;
    readonly reason: string;
  };
}

/**
 * Maps a Brane error to the MCP tool error result the client sees (`isError: true`, a text for the model,
 * and {@link GovernedResultMeta} in `_meta.brane`). A deny carries the policy's reason; an approval request
 * carries the approval id. Every text in it is bounded (`boundText`: 2,000 characters and a marker saying how
 * many were cut). A `ConfigurationError` (Brane set up wrongly) and any error that is not Brane's
 * (the tool failed) are rethrown, for the SDK to handle as it does for any tool.
 */
export function toolErrorResult(error: unknown): CallToolResult {
  if (!(error instanceof BraneError) || error instanceof ConfigurationError) throw error;
  let text = error.message;
  let meta: GovernedResultMeta = { code: error.code, ...stringDetails(error.details, ['capability', 'actionId']) };
  if (error instanceof CapabilityDeniedError) {
    text =
      error.stage === 'before'
        ? `Denied by policy: ${error.reason}`
        : `The tool ran, but policy withheld its output: ${error.reason}`;
    meta = {
      ...meta,
      decision: 'deny',
      capability: error.capability,
      actionId: error.actionId,
      reason: error.reason,
      ...stringDetails({ policy: error.policyName, policyVersion: error.policyVersion }, ['policy', 'policyVersion']),
      stage: error.stage,
    };
  } else if (error instanceof ApprovalRequiredError) {
    const { approvalId, approverGroups, expiresAt, reason } = error;
    // The reason comes last: bounding the text cuts only the reason, never the approval id.
    text = `Approval required; the call has not run. Approval ${approvalId} is pending with ${approverGroups.join(' or ')} until ${expiresAt}. Reason: ${reason}`;
    meta = {
      ...meta,
      decision: 'approval_required',
      capability: error.capability,
      actionId: error.actionId,
      reason,
      approval: { approvalId, approverGroups: [...approverGroups], expiresAt, reason },
    };
  }
  // The reasons are bounded where they are made; the text around them is bounded here, so that one quoting a
  // huge argument never makes a result the client must drop (the TypeScript SDK drops a connection over 10 MiB).
  return { isError: true, content: [{ type: 'text', text: boundText(text) }], _meta: { brane: meta } };
}

/** The entries of `source` named in `keys` whose values are strings. */
function stringDetails(source: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
