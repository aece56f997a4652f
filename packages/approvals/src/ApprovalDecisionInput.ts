import { ApprovalError, boundText } from '@brane/errors';
import type { ApprovalDecision, ApprovalRecord } from './ApprovalRecord.js';
import { approverText, checkApproverIdentity, type ApproverIdentity } from './ApproverIdentity.js';
import { invalidArgument, requireObject } from './checkInput.js';

/** Who decides an approval, and why. */
export interface ApprovalDecisionInput {
  /**
   * The approver. An {@link ApproverIdentity} is one the application vouches for: the request's `approverGroups`
   * are enforced against its groups, and the decision is recorded as `authenticated`. A string is a name someone
   * typed (the CLI's `--approver`): recorded as unauthenticated, with no groups to check.
   */
  readonly approver: string | ApproverIdentity;
  /** Stored bounded (`boundText`). */
  readonly comment?: string | undefined;
}

/** A checked {@link ApprovalDecisionInput}: the approver as the decision records them. */
export interface Decider {
  readonly by: string;
  readonly authenticated: boolean;
  readonly authenticatedBy: string | undefined;
  /** Every group vouched for (none for a typed name). */
  readonly groups: readonly string[];
  readonly comment: string | undefined;
}

/** Checks `input` (an `INVALID_ARGUMENT` error names what is wrong) before any record is read. */
export function parseDecisionInput(input: unknown): Decider {
  const { approver, comment } = requireObject(input, 'input');
  if (comment !== undefined && typeof comment !== 'string') throw invalidArgument('input.comment', 'a string', comment);
  if (typeof approver === 'string') {
    const by = approverText(approver, 'input.approver');
    return { by, authenticated: false, authenticatedBy: undefined, groups: [], comment };
  }
  if (typeof approver !== 'object' || approver === null) {
    throw invalidArgument('input.approver', 'a typed name or an approver identity { id, groups }', approver);
  }
  const identity = checkApproverIdentity(approver, 'input.approver');
  return {
    by: identity.id,
    authenticated: true,
    authenticatedBy: identity.authenticatedBy,
    groups: identity.groups,
    comment,
  };
}

/**
 * The decision `decider` takes on `record`, once they may: an authenticated approver must be in one of the
 * request's `approverGroups` (when it names any), and under `distinctApprover` no approver may be the principal
 * (ids compared ignoring case and Unicode compatibility forms). Otherwise an `APPROVER_NOT_ALLOWED` error.
 */
export function decisionFor(
  record: ApprovalRecord,
  decider: Decider,
  outcome: ApprovalDecision['outcome'],
  at: string,
): ApprovalDecision {
  const { id, request, principalId } = record;
  if (request.distinctApprover && principalId !== undefined && sameId(decider.by, principalId)) {
    throw new ApprovalError(
      'APPROVER_NOT_ALLOWED',
      id,
      `${decider.by} may not decide approval ${id}: it is their own action, and the policy requires a distinct approver`,
      { details: { approver: decider.by, reason: 'distinct_approver' } },
    );
  }
  const required = request.approverGroups;
  const groups = required.filter((group) => decider.groups.includes(group));
  if (decider.authenticated && required.length > 0 && groups.length === 0) {
    throw new ApprovalError(
      'APPROVER_NOT_ALLOWED',
      id,
      `${decider.by} may not decide approval ${id}: it needs a member of ${required.join(' or ')}, and none of the approver's ${decider.groups.length} vouched group(s) is one of them`,
      { details: { approver: decider.by, reason: 'approver_groups', approverGroups: [...required] } },
    );
  }
  return {
    outcome,
    by: decider.by,
    authenticated: decider.authenticated,
    ...(decider.authenticatedBy === undefined ? {} : { authenticatedBy: decider.authenticatedBy }),
    groups,
    at,
    ...(decider.comment === undefined ? {} : { comment: boundText(decider.comment) }),
  };
}

function sameId(a: string, b: string): boolean {
  return a.normalize('NFKC').toLowerCase() === b.normalize('NFKC').toLowerCase();
}
