import type { PolicyRef } from '@brane/decisions';

/** A policy whose registered version differs from the version it had when it asked for the approval. */
export interface ChangedPolicy {
  readonly name: string;
  /** Its version when it asked. */
  readonly requestedVersion: string | undefined;
  /** Its version now; `undefined` if it has no version or is no longer registered. */
  readonly currentVersion: string | undefined;
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
  readonly comment: string | undefined;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly approverGroups: readonly string[];
  /** The policies that asked, with the version each had then. */
  readonly requestedBy: readonly PolicyRef[];
  /** Asking policies whose version has changed since they asked. */
  readonly changedPolicies: readonly ChangedPolicy[];
}
