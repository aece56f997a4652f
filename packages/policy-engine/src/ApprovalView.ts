import type { PolicyRef } from '@brane/decisions';

/** A policy whose registered version differs from the version it had when it asked for the approval. */
export interface ChangedPolicy {
  readonly name: string;
  /** Its version when it asked. */
  readonly requestedVersion: string | undefined;
  /** Its version now; `undefined` if it has no version or is no longer registered. */
  readonly currentVersion: string | undefined;
}

/** Who approved, as the approval service recorded them. */
export interface ApproverView {
  /** The approver's id, or the name typed for them. */
  readonly id: string;
  /**
   * `true` when the application vouched for the approver (an approver identity, checked against the request's
   * groups); `false` for a name someone typed (the CLI's `--approver`), which nothing checked.
   */
  readonly authenticated: boolean;
  /** How the application authenticated them (`'oidc:…'`, `'session'`), when `authenticated`. */
  readonly authenticatedBy: string | undefined;
  /** Their groups that the request names; empty for a typed name. */
  readonly groups: readonly string[];
}

/**
 * The approval an action is resumed with, as its before-policies see it in `ctx.approval`. Present only when
 * the action runs because a human approved it.
 */
export interface ApprovalView {
  readonly approvalId: string;
  /** Who approved, and when (ISO 8601). */
  readonly approvedBy: string;
  readonly approvedAt: string;
  /**
   * The approver, with how they were identified: a policy can refuse approvals by typed names on resume
   * (`if (!ctx.approval?.approver.authenticated) return Decision.deny('...')`).
   */
  readonly approver: ApproverView;
  readonly comment: string | undefined;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly approverGroups: readonly string[];
  /** The policies that asked, with the version each had then. */
  readonly requestedBy: readonly PolicyRef[];
  /** Asking policies whose version has changed since they asked. */
  readonly changedPolicies: readonly ChangedPolicy[];
}
