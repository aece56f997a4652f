import type { AuditDecision, AuditEventBase, AuditLimitReservation, AuditStage } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';

/** The version of the record format: `2`, one record per action. Logs of version 1 (an event per step) still read. */
export const ACTION_RECORD_VERSION = 2;

/**
 * The key under which an {@link ActionRecord} holds what each sink's `captureContext` returned when the action
 * started (a symbol: never serialised).
 */
export const CALLER_CONTEXT: unique symbol = Symbol('brane.audit.callerContext');

/** One matching policy, as the record of its action holds it. */
export interface PolicyOutcome {
  readonly name: string;
  readonly version?: string;
  readonly stage: AuditStage;
  /** The policy's own decision type: `allow`, `deny`, `approval_required`, ... (a deny when it failed). */
  readonly decision: string;
  readonly reason?: string;
  readonly durationMs: number;
  /** `true` for a shadow policy: recorded, never enforced (left out for an enforced one). */
  readonly shadow?: true;
  /** Set when the policy failed (threw, timed out, returned junk): the code of the failure. */
  readonly failure?: string;
}

/**
 * The decision the runtime enforced at one stage (its JSON, without the `actionId` the record already holds),
 * with whether it is marked for review (`log_only`).
 */
export type EnforcedDecision = AuditDecision & { readonly markedForReview?: boolean };

/** The approval an action asked for or ran under. */
export interface ApprovalLink {
  readonly approvalId: string;
  /** `requested` (the call paused), `expired`, `rejected`, or `granted` (a resumed call ran under it). */
  readonly status: 'requested' | 'expired' | 'rejected' | 'granted';
  readonly approverGroups?: readonly string[];
  readonly expiresAt?: string;
  /** Who approved, for `granted`. */
  readonly by?: string;
}

/**
 * The record of one governed call, in the shape of a decision log: who (`agentId`, `tenantId`, `principalId`,
 * `scopes`), what (`capability`, `capabilityType`, `risk`, `effect`, masked `args`), when (`time`, the start),
 * every matching policy with its decision (`policies`), the decision enforced at each stage (`decisions`), the
 * approval it asked for or ran under, how it ended (`outcome`, `stage`, `reason`, `error`) and how long it took.
 *
 * One record is written when the action ends (`phase: 'completed'`). Under `durability: 'sync'` a first
 * record with the before-stage decision (`phase: 'decided'`) is on disk before the capability runs; the
 * completed record with the same `actionId` follows. A record handed to a sink may be a lazy view: read its
 * fields, or serialise it (`JSON.stringify` calls its `toJSON`); do not spread it.
 */
export interface ActionRecord extends AuditEventBase {
  readonly v: typeof ACTION_RECORD_VERSION;
  readonly type: 'action';
  readonly phase: 'decided' | 'completed';
  readonly parentActionId?: string | undefined;
  readonly capabilityType: string;
  readonly risk: string;
  /** The capability's declared effect (`type`, `reversible`, `external`), when it declares one. */
  readonly effect?: Readonly<Record<string, unknown>> | undefined;
  readonly scopes?: readonly string[] | undefined;
  /** The arguments by name, secrets masked. */
  readonly args: Readonly<Record<string, unknown>>;
  /** Every policy that matched, in evaluation order, shadow policies included. */
  readonly policies: readonly PolicyOutcome[];
  /** The decision the runtime enforced, per stage that ran. */
  readonly decisions: { readonly before?: EnforcedDecision | undefined; readonly after?: EnforcedDecision | undefined };
  readonly approval?: ApprovalLink | undefined;
  /** After-policy allows past the record's bound, counted but not listed (a long stream decides on every chunk). */
  readonly policiesOmitted?: number | undefined;
  /** The limits the action reserved before it ran, each with what it left. */
  readonly limits?: readonly AuditLimitReservation[] | undefined;
  /**
   * How the call ended; absent in a `decided` record. `cancelled`: a streaming capability's stream ended early,
   * because its consumer stopped reading or its request was abandoned.
   */
  readonly outcome?: 'allowed' | 'denied' | 'approval_required' | 'failed' | 'cancelled' | undefined;
  /** The stage of a deny. */
  readonly stage?: AuditStage | undefined;
  readonly reason?: string | undefined;
  /** What the capability threw, bounded. */
  readonly error?: { readonly name: string; readonly message: string } | undefined;
  /** From the action's creation to its end (`completed`) or to its decision (`decided`). */
  readonly durationMs: number;
  /** How long the capability ran, when it ran. */
  readonly executionMs?: number | undefined;
  /** What each sink with a `captureContext` captured when the action started; never serialised. */
  readonly [CALLER_CONTEXT]?: ReadonlyMap<AuditSink, unknown> | undefined;
}

/**
 * Whether `event` is an {@link ActionRecord} (version 2), as opposed to an event of the version 1 format.
 *
 * @example
 * const records = sink.events.filter(isActionRecord);
 */
export function isActionRecord(event: { readonly type: string }): event is ActionRecord {
  return event.type === 'action';
}
