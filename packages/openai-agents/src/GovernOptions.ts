import type { AuthorizeApprover } from '@brane/approvals';
import type { CapabilityOptions } from '@brane/core';
import type { BraneError } from '@brane/errors';
import type { RunToolApprovalItem } from '@openai/agents';
import type { InterruptedRun } from './InterruptedRun.js';
import type { RunSessionId } from './runSessionId.js';

/**
 * The capability a governed tool is, as policies see it: `risk`, `effect`, `scopes`, `sideEffects`,
 * `owner` and the rest of {@link CapabilityOptions}. Its `name` defaults to `openai.<tool name>`; the
 * argument names come from the tool's schema, and every governed tool is async.
 */
export type ToolCapabilityOptions = Omit<CapabilityOptions, 'params' | 'async' | 'routing'>;

/**
 * What `authorizeApprover` is given (as its `context`) when `approveInterruption` or `rejectInterruption`
 * decides an interruption: the run, the interruption, and the `context` the caller passed (your request, say).
 */
export interface InterruptionApproval {
  readonly run: InterruptedRun;
  readonly item: RunToolApprovalItem;
  /** What the caller of `approveInterruption` / `rejectInterruption` passed as `context`. */
  readonly context: unknown;
}

/** How a tool is governed. All optional. */
export interface GovernOptions {
  /** The capability the tool is; see {@link ToolCapabilityOptions}. */
  readonly capability?: ToolCapabilityOptions | undefined;
  /**
   * The output the model gets when Brane refuses a call (a deny, a pending, rejected or expired approval).
   * Default {@link refusalMessage}.
   */
  readonly refusalMessage?: ((error: BraneError) => string) | undefined;
  /**
   * Who decides this tool's interruptions through `approveInterruption` and `rejectInterruption`: maps the
   * caller's `context` (and the `approver` it names, a claim) to an approver your app vouches for, `{ id,
   * groups }`, or `undefined` to refuse. Brane enforces the request's `approverGroups` against it. Without it,
   * those functions record the `approver` they are given: a string as a typed, unauthenticated name.
   */
  readonly authorizeApprover?: AuthorizeApprover<InterruptionApproval> | undefined;
  /**
   * The Brane session (`ctx.session`, value taint) a tool call belongs to, or `undefined` for none. Default
   * {@link defaultRunSessionId}: the run's trace `groupId`, else its `traceId`. An enclosing `runtime.withContext`
   * naming a `sessionId` wins over both.
   */
  readonly sessionId?: RunSessionId | undefined;
}
