import type { Decision } from '@brane/decisions';
import type { ApprovalRequiredError } from '@brane/errors';
import type { AgentAction } from '../AgentAction.js';
import type { CapabilityDefinition } from '../CapabilityDefinition.js';
import type { Identity } from '../Identity.js';
import type { RunApproved } from '../ApprovalFlow.js';

/**
 * What enforcement asks of approvals: whether an approval covers a decision, recording a request, waiting for it,
 * and running an approved action once. `ApprovalFlow` when the approvals feature is loaded; otherwise every
 * method refuses (see `absentApprovals`).
 */
export interface ApprovalGate {
  /** The decision left once the action's approval covers every policy that asks, or `undefined`. */
  remainder(action: AgentAction, decision: Decision): Decision | undefined;
  /** Records the request and returns the error to throw (at once for a synchronous capability). */
  request(action: AgentAction, decision: Decision, async: true): Promise<ApprovalRequiredError>;
  request(action: AgentAction, decision: Decision, async: false): ApprovalRequiredError;
  /** Waits until a human decides the request; withdraws it when `signal` aborts first. */
  waitFor(approvalId: string, signal: AbortSignal | undefined): Promise<void>;
  /** Runs the approved action exactly once. */
  resume(
    approvalId: string,
    capability: CapabilityDefinition,
    identity: Identity,
    signal: AbortSignal | undefined,
    run: RunApproved,
  ): Promise<unknown>;
}
