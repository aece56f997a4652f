import { ApprovalError, BraneError } from '@brane/errors';
import type { ApprovalRecord } from './ApprovalRecord.js';
import { checkApproverIdentity, type ApproverIdentity } from './ApproverIdentity.js';

/** What an adapter asks the application when a decision on an approval arrives through its framework. */
export interface ApproverRequest<TContext = unknown> {
  /** The approval to decide, as stored and verified: capability, arguments, tenant, principal, `approverGroups`. */
  readonly approval: ApprovalRecord;
  /** What the framework's answer decides. */
  readonly outcome: 'approved' | 'rejected';
  /**
   * A name the framework passed along (the `approver` of a LangGraph resume value, of `approveInterruption`):
   * a claim anyone who can send the answer could make, never proof.
   */
  readonly claimed: string | undefined;
  /** What the framework gives about the request carrying the decision (see each adapter's README). */
  readonly context: TContext;
}

/**
 * The hook every Brane adapter accepts to learn who decides an approval: the application maps what the
 * framework gives (its request context, a claimed name) to an approver it vouches for, `{ id, groups }`, or
 * returns `undefined` to vouch for no one. The approval service then enforces the request's `approverGroups`
 * and `distinctApprover` against that identity, and records it as authenticated.
 *
 * @example
 * const authorizeApprover: AuthorizeApprover<{ user?: User }> = ({ context }) =>
 *   context.user && { id: context.user.email, groups: context.user.groups, authenticatedBy: 'session' };
 */
export type AuthorizeApprover<TContext = unknown> = (
  request: ApproverRequest<TContext>,
) => ApproverIdentity | undefined | PromiseLike<ApproverIdentity | undefined>;

/**
 * Asks `hook` who decides: the identity it vouches for, checked (an `INVALID_ARGUMENT` error names a malformed
 * field), or `undefined` when it vouches for no one (`undefined` or `null`). A hook that throws refuses: the error
 * is an `APPROVER_NOT_ALLOWED` {@link ApprovalError} with the hook's error as its `cause` only, never in its message,
 * which adapters show to models and people (a Brane error the hook throws is kept as it is).
 */
export async function vouchedApprover<TContext>(
  hook: AuthorizeApprover<TContext>,
  request: ApproverRequest<TContext>,
): Promise<Required<ApproverIdentity> | undefined> {
  let vouched: unknown;
  try {
    vouched = await hook(request);
  } catch (error) {
    if (error instanceof BraneError) throw error;
    const id = request.approval.id;
    // The hook's message stays in `cause`: adapters show this error's message to models and people.
    throw new ApprovalError(
      'APPROVER_NOT_ALLOWED',
      id,
      `authorizeApprover failed on approval ${id}, so it is refused`,
      {
        cause: error,
      },
    );
  }
  if (vouched === undefined || vouched === null) return undefined;
  return checkApproverIdentity(vouched, 'authorizeApprover()');
}
