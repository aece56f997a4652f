import type { Runtime } from '@brane/core';
import type { RunToolApprovalItem } from '@openai/agents';
import { requireLink, type InterruptedRun } from './InterruptedRun.js';

/** Who decides an approval, and why. */
export interface ApproverDecision {
  /** The approver, recorded on the Brane approval. */
  readonly approver: string;
  readonly comment?: string | undefined;
}

/**
 * Approves an interruption Brane asked for, in Brane and in the run: the Brane approval request is
 * approved (`runtime.approvals.approve`: who may approve is checked there, and it is recorded), then the
 * SDK's interruption. Resume the run with `run(agent, result.state)`: the tool then runs exactly once,
 * through `runtime.resume`, its policies seeing the approval.
 *
 * @example
 * await approveInterruption(runtime, result, result.interruptions[0], { approver: 'maria@finance' });
 * result = await run(agent, result.state);
 */
export async function approveInterruption(
  runtime: Runtime,
  run: InterruptedRun,
  item: RunToolApprovalItem,
  decision: ApproverDecision,
): Promise<void> {
  const link = requireLink(runtime, run, item, 'approveInterruption');
  await runtime.approvals.approve(link.approvalId, decision);
  run.state.approve(item);
}
