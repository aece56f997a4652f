/**
 * Every code a {@link BraneError} can carry. The set is closed: callers can switch on it exhaustively.
 */
export const BRANE_ERROR_CODES = Object.freeze([
  /** A policy denied the action; the capability did not run (or its output was withheld). */
  'CAPABILITY_DENIED',
  /** A policy threw or its promise rejected. */
  'POLICY_ERROR',
  /** An async policy did not settle within its timeout. */
  'POLICY_TIMEOUT',
  /** A policy returned something that is not a `Decision`. */
  'INVALID_DECISION',
  /** A policy returned a promise while governing a synchronous capability. */
  'ASYNC_POLICY_ON_SYNC_CAPABILITY',
  /** A public function was called with a value it cannot accept. */
  'INVALID_ARGUMENT',
  /** Capability, policy or runtime options failed validation. */
  'INVALID_OPTIONS',
  /** A policy targets a capability that no governed class or function declares (a typo, or a missing `govern`). */
  'UNKNOWN_TARGET',
  /** A decorator was applied to something it cannot decorate. */
  'INVALID_DECORATOR_USAGE',
  /** The argument names of a capability could not be determined. */
  'UNRESOLVED_PARAMS',
  /** Two different capabilities with the same name were registered on one runtime. */
  'DUPLICATE_CAPABILITY',
  /** Two different policies with the same name were registered on one runtime. */
  'DUPLICATE_POLICY',
  /** An instance is already governed by another runtime, or an own property would shadow a capability. */
  'ALREADY_GOVERNED',
  /**
   * The runtime needs a feature (approvals, audit) that this bundle does not carry: the call that registers it
   * (`useApprovals()`, `useAudit()`) was left out by the bundler.
   */
  'FEATURE_NOT_LOADED',
  /** A capability method was called on an instance that no runtime governs. */
  'UNGOVERNED_CALL',
  /** A policy asked for an argument that the capability does not declare. */
  'UNKNOWN_ARGUMENT',
  /** The action needs a human's approval; it was recorded and did not run. */
  'APPROVAL_REQUIRED',
  /** An approver rejected the action; it did not run. */
  'APPROVAL_REJECTED',
  /** The approval request expired before it was approved and used; the action did not run. */
  'APPROVAL_EXPIRED',
  /** The approval has not been decided yet. */
  'APPROVAL_PENDING',
  /** No approval with that id exists in the store. */
  'APPROVAL_NOT_FOUND',
  /** The approval was already approved or rejected. */
  'APPROVAL_ALREADY_DECIDED',
  /** The approval was already used to execute its action; it is good for one execution only. */
  'APPROVAL_ALREADY_USED',
  /** The call that asked for the approval was abandoned (its signal aborted): the request can never be approved or used. */
  'APPROVAL_WITHDRAWN',
  /** The approval is bound to another action: other args, capability, tenant or principal. */
  'APPROVAL_MISMATCH',
  /** The stored approval record was altered outside Brane: its seal does not match. */
  'APPROVAL_TAMPERED',
  /** This approver may not decide this approval (for example, the principal approving their own action). */
  'APPROVER_NOT_ALLOWED',
  /** The approval store failed to read or write a record. */
  'APPROVAL_STORE_FAILED',
  /** The session store failed to read or record a session: the call is denied (fail closed). */
  'SESSION_STORE_FAILED',
  /** A sandboxed capability tried to reach a host or path outside its sandbox. */
  'SANDBOX_VIOLATION',
  /** A sandboxed capability ran past its time limit and was aborted. */
  'SANDBOX_TIMEOUT',
  /** The audit buffer is full and the runtime is configured to fail closed (or cannot wait): the action is denied. */
  'AUDIT_BUFFER_FULL',
  /**
   * An audit sink could not take a write: a `durability: 'sync'` record could not be written before the capability ran
   * (the action is denied), or a sink's write failed or was refused (the sink is closed; its store failed; the JSONL
   * sink could not open, write or sync its log, or refuses to reopen a log it cannot read or verify, fail closed).
   */
  'AUDIT_WRITE_FAILED',
  /**
   * The audit trail could not be read: its database failed or did not answer, or a JSONL log (or its directory) could
   * not be opened, listed or read (deleted or rotated away between being listed and being read, not permitted, out of
   * file descriptors, a failing file system).
   */
  'AUDIT_READ_FAILED',
  /** The limit store failed to reserve, release or read a limit (unreachable, timed out, schema missing). */
  'LIMIT_STORE_FAILED',
] as const);

/** A code from the closed set {@link BRANE_ERROR_CODES}. */
export type BraneErrorCode = (typeof BRANE_ERROR_CODES)[number];

/** Codes of errors that mean a policy failed; each one makes the action a deny (fail closed). */
export type PolicyFailureCode = Extract<
  BraneErrorCode,
  'POLICY_ERROR' | 'POLICY_TIMEOUT' | 'INVALID_DECISION' | 'ASYNC_POLICY_ON_SYNC_CAPABILITY'
>;

/** Codes of errors that mean Brane was set up wrongly; they are raised at decoration or registration. */
export type ConfigurationErrorCode = Extract<
  BraneErrorCode,
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_TARGET'
  | 'INVALID_DECORATOR_USAGE'
  | 'UNRESOLVED_PARAMS'
  | 'DUPLICATE_CAPABILITY'
  | 'DUPLICATE_POLICY'
  | 'ALREADY_GOVERNED'
  | 'FEATURE_NOT_LOADED'
>;

/** Codes of {@link ApprovalError}: an approval that cannot be decided or used as asked. */
export type ApprovalErrorCode = Extract<
  BraneErrorCode,
  | 'APPROVAL_PENDING'
  | 'APPROVAL_NOT_FOUND'
  | 'APPROVAL_ALREADY_DECIDED'
  | 'APPROVAL_ALREADY_USED'
  | 'APPROVAL_WITHDRAWN'
  | 'APPROVAL_MISMATCH'
  | 'APPROVAL_TAMPERED'
  | 'APPROVER_NOT_ALLOWED'
  | 'APPROVAL_STORE_FAILED'
>;

/** Codes of {@link AuditError}: the audit trail could not take a record (the action did not run), or be read. */
export type AuditErrorCode = Extract<BraneErrorCode, 'AUDIT_BUFFER_FULL' | 'AUDIT_WRITE_FAILED' | 'AUDIT_READ_FAILED'>;
