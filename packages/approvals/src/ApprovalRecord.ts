/**
 * Stored statuses. `expired` is never stored: it is derived from `expiresAt` (see {@link approvalState}).
 * `rejected`, `completed` and `withdrawn` are final.
 */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'executing' | 'completed' | 'withdrawn';

/** What an approval is now: its stored status, or `expired` once a pending or approved record is past `expiresAt`. */
export type ApprovalState = ApprovalStatus | 'expired';

/** A policy that asked for the approval, by name and version. */
export interface ApprovalPolicyRef {
  readonly name: string;
  readonly version?: string;
}

/** What the policies asked of the approvers. */
export interface ApprovalRequestDetails {
  /** Who may approve: any one of these groups. */
  readonly approverGroups: readonly string[];
  /** Why approval is needed, shown to the approver. */
  readonly reason: string;
  /** Facts for the approver (JSON data). */
  readonly context: Readonly<Record<string, unknown>>;
  /** Whether the principal the agent acts for is barred from approving their own action. */
  readonly distinctApprover: boolean;
}

/** The human decision on an approval, and who took it. */
export interface ApprovalDecision {
  readonly outcome: 'approved' | 'rejected';
  /** The approver: the id of an identity the application vouched for, or a name someone typed (see `authenticated`). */
  readonly by: string;
  /**
   * `true`: the application vouched for `by` and its groups (an `ApproverIdentity`), and the service checked them
   * against `approverGroups`. `false`: `by` is a name someone typed (the CLI's `--approver`), checked against
   * nothing but `distinctApprover`. Records decided before this field existed lack it: read them as `false`.
   */
  readonly authenticated: boolean;
  /** How the application authenticated the approver (`'oidc:https://login.acme.com'`, `'session'`); only when `authenticated`. */
  readonly authenticatedBy?: string;
  /**
   * The approver's groups that the request names (through which they may decide); `[]` for a typed name, and for a
   * request that names no group.
   */
  readonly groups: readonly string[];
  /** When, ISO 8601. */
  readonly at: string;
  readonly comment?: string;
}

/** How the single execution an approval allows went. */
export interface ApprovalExecution {
  /** When the runtime claimed the approval to execute its action, ISO 8601. */
  readonly claimedAt: string;
  /** When the execution finished, ISO 8601. */
  readonly completedAt?: string;
  readonly outcome?: 'succeeded' | 'failed' | 'denied';
  /** What went wrong, when the outcome is not `succeeded`. */
  readonly error?: string;
}

/** Why and when a request was withdrawn: the call that asked for it was abandoned before it could run. */
export interface ApprovalWithdrawal {
  /** When, ISO 8601. */
  readonly at: string;
  /** Why, bounded (`boundText`): `The caller abandoned the call: <the signal's reason>`. */
  readonly reason: string;
}

/**
 * A durable approval: the action a policy flagged `approval_required`, bound to its exact capability, arguments,
 * tenant and principal, with the human decision and the single execution it allows. Records are JSON data;
 * `seal` makes any change made without the secret detectable.
 */
export interface ApprovalRecord {
  /** A ULID made by the runtime; stores accept `/^[0-9A-Za-z_-]{1,128}$/`. */
  readonly id: string;
  readonly status: ApprovalStatus;
  readonly capability: string;
  /** The capability's risk, when the runtime recorded it (records made before it existed lack it). */
  readonly risk?: string;
  /** The call's arguments by name, JSON data only. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly tenantId?: string;
  readonly principalId?: string;
  readonly agentId?: string;
  readonly environment: string;
  readonly actionId: string;
  readonly traceId: string;
  /** The session the action belongs to (sealed with the rest): a resumed action runs in it, whoever resumes. */
  readonly sessionId?: string;
  /** The policies that asked for approval. */
  readonly policies: readonly ApprovalPolicyRef[];
  readonly request: ApprovalRequestDetails;
  /** ISO 8601. */
  readonly requestedAt: string;
  /** ISO 8601; a pending or approved record is expired from this instant on. */
  readonly expiresAt: string;
  readonly decision?: ApprovalDecision;
  readonly execution?: ApprovalExecution;
  /** Set when the record is `withdrawn`. */
  readonly withdrawal?: ApprovalWithdrawal;
  /** HMAC-SHA256 (hex) of the canonical JSON of every other field. */
  readonly seal: string;
}

/** A record without its seal: what is sealed. */
export type UnsealedApprovalRecord = Omit<ApprovalRecord, 'seal'>;
