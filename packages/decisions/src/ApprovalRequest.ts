import type { PolicyRef } from './PolicyRef.js';

/** Who may approve a request: one group (`approverGroup`) or any one of several (`approverGroups`), never both. */
export type ApproverGroupsInit =
  | {
      /** Who may approve: a group name such as `finance-ops`. */
      readonly approverGroup: string;
      readonly approverGroups?: undefined;
    }
  | {
      /** Who may approve: any one of these groups (at least one). */
      readonly approverGroups: readonly string[];
      readonly approverGroup?: undefined;
    };

/** What a policy asks for with `Decision.requireApproval`. */
export type ApprovalRequestInit = ApproverGroupsInit & {
  /** Why approval is needed; shown to the approver and becomes the decision's reason. */
  readonly reason: string;
  /** How long the request stays open. Default one hour. Use one of `expiresInMs` or `expiresInMinutes`. */
  readonly expiresInMs?: number | undefined;
  readonly expiresInMinutes?: number | undefined;
  /** Facts for the approver (JSON data: it is stored with the request). */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  /** When `true`, the principal the agent acts for may not approve their own action. */
  readonly distinctApprover?: boolean | undefined;
};

/** The approval request a decision carries (`decision.approval`); several requests merge into one. */
export interface ApprovalRequest {
  /** Who may approve: any one of these groups. */
  readonly approverGroups: readonly string[];
  readonly reason: string;
  /** How long the request stays open; merged requests keep the shortest. */
  readonly expiresInMs: number;
  /** Facts for the approver; merged requests keep each policy's context under its name. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Whether the principal is barred from approving; merged requests bar them if any policy does. */
  readonly distinctApprover: boolean;
  /** The policies that asked, filled in when the runtime attributes and composes their decisions. */
  readonly requestedBy: readonly PolicyRef[];
}

/** One hour. */
export const DEFAULT_APPROVAL_EXPIRY_MS = 3_600_000;
