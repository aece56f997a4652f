import { assertRequestedBy, vouchedApprover, type ApprovalRecord, type ApproverIdentity } from '@brane/approvals';
import type { Runtime } from '@brane/core';
import { ApprovalError, BraneError, describeValue } from '@brane/errors';
import type { RunToolApprovalItem } from '@openai/agents';
import type { ApprovalLink } from './ApprovalLinks.js';
import { requireLink, type InterruptedRun } from './InterruptedRun.js';

/** Who decides an interruption, and why. */
export interface ApproverDecision {
  /**
   * Without the tool's `authorizeApprover`: the approver, recorded on the Brane approval. An approver identity
   * (`{ id, groups }`) is one you vouch for, checked against the request's `approverGroups`; a string is a typed,
   * unauthenticated name, for which no group can be checked. With `authorizeApprover`: a claim passed to it.
   */
  readonly approver?: string | ApproverIdentity | undefined;
  readonly comment?: string | undefined;
  /** Given to the tool's `authorizeApprover` (as `context.context`): your request, its session. */
  readonly context?: unknown;
}

/**
 * Decides the Brane approval behind `item`, an interruption of `run`, and returns its link and the decided
 * record. The link must belong to the identity the runtime runs as now (the call's tenant and principal), and the
 * record too; the approver is the one the tool's `authorizeApprover` vouches for, else `decision.approver`.
 *
 * @internal
 */
export async function decideInterruption(
  runtime: Runtime,
  run: InterruptedRun,
  item: RunToolApprovalItem,
  decision: ApproverDecision,
  outcome: 'approved' | 'rejected',
  where: string,
): Promise<{ readonly link: ApprovalLink; readonly record: ApprovalRecord }> {
  const link = requireLink(runtime, run, item, where);
  if (typeof decision !== 'object' || decision === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: expected { approver, comment? } (got ${describeValue(decision)})`,
    );
  }
  const stored = await runtime.approvals.get(link.approvalId);
  assertRequestedBy(stored, link);
  const input = {
    approver: await approverOf(link, stored, { run, item, context: decision.context }, decision, outcome, where),
    ...(decision.comment === undefined ? {} : { comment: decision.comment }),
  };
  const record =
    outcome === 'approved'
      ? await runtime.approvals.approve(link.approvalId, input)
      : await runtime.approvals.reject(link.approvalId, input);
  return { link, record };
}

async function approverOf(
  link: ApprovalLink,
  approval: ApprovalRecord,
  context: { readonly run: InterruptedRun; readonly item: RunToolApprovalItem; readonly context: unknown },
  decision: ApproverDecision,
  outcome: 'approved' | 'rejected',
  where: string,
): Promise<string | ApproverIdentity> {
  const { approver } = decision;
  if (link.authorizeApprover === undefined) {
    if (approver === undefined) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${where}: \`approver\` is required (the tool has no authorizeApprover)`,
      );
    }
    return approver;
  }
  const claimed = typeof approver === 'string' ? approver : approver?.id;
  const vouched = await vouchedApprover(link.authorizeApprover, { approval, outcome, claimed, context });
  if (vouched !== undefined) return vouched;
  throw new ApprovalError(
    'APPROVER_NOT_ALLOWED',
    approval.id,
    `${where}: authorizeApprover vouched for no approver of approval ${approval.id}`,
  );
}
