import { assertRequestedBy } from '@brane/approvals';
import type { Runtime } from '@brane/core';
import { ApprovalError, ApprovalExpiredError, ApprovalRejectedError, type BraneError } from '@brane/errors';
import type { RunToolApprovalItem } from '@openai/agents';
import { approvalLinks, type ApprovalLink } from './ApprovalLinks.js';
import { requireRun, type InterruptedRun } from './InterruptedRun.js';
import { requireRuntime } from './requireRuntime.js';

/** What {@link applyBraneApprovals} did with each interruption of the run. */
export interface AppliedApprovals {
  /** Approved in Brane: approved in the run; the tool runs when the run resumes. */
  readonly approved: readonly RunToolApprovalItem[];
  /** Rejected, expired or already used in Brane: rejected in the run, with the refusal as the tool's output. */
  readonly rejected: readonly RunToolApprovalItem[];
  /** Still waiting for an approver: left as they are. */
  readonly pending: readonly RunToolApprovalItem[];
  /** Interruptions Brane did not ask for (a tool's own `needsApproval`): yours to decide. */
  readonly notBrane: readonly RunToolApprovalItem[];
}

/**
 * Brings the run up to date with the decisions taken in Brane, by whoever took them (this process,
 * `brane approvals approve` in a shell, an approval UI in another service sharing the store): each
 * interruption Brane asked for is approved in the run when its Brane approval is approved, and rejected
 * (with the refusal text for the model) when it is rejected, expired or was already used. When nothing is
 * `pending`, resume with `run(agent, result.state)`: an approval given through Brane resumes the run. Call it
 * under the identity the run ran as: the interruptions of another tenant or principal are `notBrane` here.
 *
 * @example
 * const { pending } = await applyBraneApprovals(runtime, result);
 * if (pending.length === 0) result = await run(agent, result.state);
 */
export async function applyBraneApprovals(runtime: Runtime, run: InterruptedRun): Promise<AppliedApprovals> {
  requireRuntime(runtime, 'applyBraneApprovals');
  requireRun(run, 'applyBraneApprovals');
  const applied = { approved: [], rejected: [], pending: [], notBrane: [] } as Record<
    keyof AppliedApprovals,
    RunToolApprovalItem[]
  >;
  for (const item of run.interruptions) {
    const link = approvalLinks.forItem(run.runContext, item);
    if (link === undefined || link.runtime !== runtime) {
      applied.notBrane.push(item);
      continue;
    }
    const record = await runtime.approvals.get(link.approvalId);
    const expired =
      (record.status === 'pending' || record.status === 'approved') && Date.now() >= Date.parse(record.expiresAt);
    let refusal = otherIdentity(record, link);
    if (refusal !== undefined) {
      // not this identity's approval: never approved in this run, whatever its state
    } else if (expired) {
      refusal = new ApprovalExpiredError({
        approvalId: record.id,
        capability: record.capability,
        expiresAt: record.expiresAt,
      });
    } else if (record.status === 'pending') {
      applied.pending.push(item);
      continue;
    } else if (record.status === 'approved') {
      run.state.approve(item);
      applied.approved.push(item);
      continue;
    } else if (record.status === 'rejected') {
      refusal = new ApprovalRejectedError({
        approvalId: record.id,
        capability: record.capability,
        rejectedBy: record.decision?.by ?? 'an approver',
        rejectedAt: record.decision?.at ?? '',
        ...(record.decision?.comment === undefined ? {} : { comment: record.decision.comment }),
      });
    } else {
      refusal = new ApprovalError(
        'APPROVAL_ALREADY_USED',
        record.id,
        `Approval ${record.id} was already used (${record.status}); its action does not run again`,
      );
    }
    run.state.reject(item, { message: link.refusalMessage(refusal) });
    applied.rejected.push(item);
  }
  return applied;
}

/** The refusal when `record` was not requested by the identity `link` was made under (it cannot be, short of a bug). */
function otherIdentity(record: Parameters<typeof assertRequestedBy>[0], link: ApprovalLink): BraneError | undefined {
  try {
    assertRequestedBy(record, link);
    return undefined;
  } catch (error) {
    return error as BraneError;
  }
}
