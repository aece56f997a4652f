import type { ActionRecord } from './ActionRecord.js';

/** Where an event happened in the lifecycle of an action. */
export type AuditStage = 'before' | 'after';

/** A decision as it is recorded: its JSON form, secrets masked. */
export interface AuditDecision {
  readonly type: string;
  readonly decisionId: string;
  readonly reason?: string;
  readonly policyName?: string;
  readonly policyVersion?: string;
  readonly [field: string]: unknown;
}

/** What every event carries: which action, of which capability, for whom, and when. */
export interface AuditEventBase {
  /** ISO 8601, when the event happened. */
  readonly time: string;
  readonly actionId: string;
  readonly traceId: string;
  readonly capability: string;
  readonly agentId?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly principalId?: string | undefined;
  readonly environment: string;
}

/** The action was created: a capability is about to be used. */
export interface ActionCreatedEvent extends AuditEventBase {
  readonly type: 'action.created';
  readonly parentActionId?: string;
  readonly risk: string;
  readonly capabilityType: string;
  /** The arguments by name, secrets masked. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** One policy was evaluated. */
export interface PolicyEvaluatedEvent extends AuditEventBase {
  readonly type: 'policy.evaluated';
  readonly stage: AuditStage;
  readonly policyName: string;
  readonly policyVersion?: string;
  readonly decision: AuditDecision;
  readonly durationMs: number;
  /** `false` for a shadow policy: recorded, never enforced. */
  readonly enforced: boolean;
  /** Set when the policy failed (threw, timed out, returned junk): the code of the failure. */
  readonly failure?: string;
}

/** The runtime enforced the composed decision of a stage. */
export interface DecisionEnforcedEvent extends AuditEventBase {
  readonly type: 'decision.enforced';
  readonly stage: AuditStage;
  readonly decision: AuditDecision;
  /** `true` when the decision or one of its effects is `log_only`. */
  readonly markedForReview: boolean;
}

/** The capability ran: how long, and whether it threw. */
export interface ActionExecutedEvent extends AuditEventBase {
  readonly type: 'action.executed';
  readonly durationMs: number;
  readonly error?: { readonly name: string; readonly message: string };
  /** The limits the action reserved before it ran, each with what it left. */
  readonly limits?: readonly AuditLimitReservation[];
}

/** One limit an action reserved: its key and kind, its cost, its `max`, and what remained once reserved. */
export interface AuditLimitReservation {
  readonly key: string;
  readonly kind: string;
  readonly cost: number;
  readonly max: number;
  /** What remained once reserved; absent when the store failed and the limit failed open (`onStoreError: 'allow'`). */
  readonly remaining?: number;
  /** `true` when the store could not be reached and the limit let the action run unmetered. */
  readonly failedOpen?: boolean;
}

/**
 * The call ended. `cancelled`: a streaming capability's stream ended early, because its consumer stopped
 * reading or its request was abandoned.
 */
export interface ActionCompletedEvent extends AuditEventBase {
  readonly type: 'action.completed';
  readonly outcome: 'allowed' | 'denied' | 'approval_required' | 'failed' | 'cancelled';
  /** The stage of a deny. */
  readonly stage?: AuditStage;
  readonly reason?: string;
  readonly approvalId?: string;
}

/**
 * Something happened to an approval. `approval.withdrawn`: the call that asked for it was abandoned (its
 * signal aborted) before it could run; the request can never be approved or used.
 */
export interface ApprovalEvent extends AuditEventBase {
  readonly type:
    | 'approval.requested'
    | 'approval.approved'
    | 'approval.rejected'
    | 'approval.expired'
    | 'approval.resumed'
    | 'approval.withdrawn';
  readonly approvalId: string;
  /** The approver, for approved and rejected. */
  readonly by?: string;
  readonly comment?: string;
  /** Why it was withdrawn, bounded. */
  readonly reason?: string;
  readonly approverGroups?: readonly string[];
  readonly expiresAt?: string;
}

/**
 * Every event of the audit trail: an {@link ActionRecord} per governed call (version 2), and the approval
 * events of what happens to a request after its call ended. The step events of version 1 (`action.created`,
 * `policy.evaluated`, `decision.enforced`, `action.executed`, `action.completed`) are no longer written; logs
 * that hold them still verify and read.
 */
export type AuditEvent =
  | ActionRecord
  | ActionCreatedEvent
  | PolicyEvaluatedEvent
  | DecisionEnforcedEvent
  | ActionExecutedEvent
  | ActionCompletedEvent
  | ApprovalEvent;

/** The type of an {@link AuditEvent}. */
export type AuditEventType = AuditEvent['type'];

/** Every event type, in lifecycle order. */
export const AUDIT_EVENT_TYPES = Object.freeze([
  'action',
  'action.created',
  'policy.evaluated',
  'decision.enforced',
  'action.executed',
  'action.completed',
  'approval.requested',
  'approval.approved',
  'approval.rejected',
  'approval.expired',
  'approval.resumed',
  'approval.withdrawn',
] as const satisfies readonly AuditEventType[]);
