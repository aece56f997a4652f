import type { AuditLimitReservation, AuditStage } from '@brane/audit';
import type { Decision } from '@brane/decisions';
import {
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  AuditError,
  BraneError,
  CapabilityDeniedError,
  boundText,
} from '@brane/errors';
import type { EvaluationOptions } from '@brane/policy-engine';
import type { AgentAction } from '../AgentAction.js';
import { ActionRecordView, type RecordParts } from './ActionRecordView.js';
import type { AuditTrail } from './AuditTrail.js';

type Ending = Pick<RecordParts, 'outcome' | 'stage' | 'reason' | 'approval'>;

/**
 * The audit record of one governed call. It collects references as the call goes (the action, each policy's
 * observation, the enforced decisions, how it ended) and hands one {@link ActionRecordView} to the trail when
 * the call ends; nothing is copied, formatted or masked on the call's path. Under `durability: 'sync'` a first
 * record with the before-stage decision is written before the capability runs.
 */
export class ActionRecorder {
  readonly #trail: AuditTrail;
  #parts: RecordParts | undefined;
  #runningSince = 0;
  #ended = false;

  constructor(trail: AuditTrail) {
    this.#trail = trail;
  }

  /** The action was created. */
  begin(action: AgentAction): void {
    const parts: RecordParts = {
      action,
      // Read now, so that the id carries the action's time rather than the time a sink reads the record.
      actionId: action.actionId,
      input: action.input,
      startedAt: Date.now(),
      startedTick: performance.now(),
      observations: [],
      decisions: {},
      contexts: this.#trail.captureContexts(),
    };
    const approval = action.approval;
    if (approval !== undefined) {
      parts.approval = { approvalId: approval.approvalId, status: 'granted', by: approval.approvedBy };
    }
    this.#parts = parts;
    this.#trail.observe(action, parts);
  }

  /** `mode` with the trail observing each policy (the same options object for every call). */
  observing(mode: EvaluationOptions): EvaluationOptions {
    return this.#trail.observing(mode);
  }

  /** The runtime enforced `evaluation` (its composed decision) at `stage`. */
  enforced(stage: AuditStage, evaluation: { readonly decision: Decision }): void {
    if (this.#parts !== undefined) this.#parts.decisions[stage] = evaluation;
  }

  /**
   * The capability is about to run. Under `durability: 'sync'` the record of the decision is written first: at
   * once for a synchronous call; for an async one, sharing a sync with the calls around it (group commit). A
   * failure throws (or rejects with) `AuditError`, and the capability does not run. Under `overflow: 'fail-closed'`,
   * a sink whose buffer is full refuses the action here (`AUDIT_BUFFER_FULL`): its record, written after the fact,
   * would otherwise wait for room.
   */
  commit(canWait: boolean): void | Promise<void> {
    const parts = this.#parts;
    this.#runningSince = performance.now();
    if (parts !== undefined) this.#trail.refuseWhenFull();
    if (parts === undefined || !this.#trail.isSync(parts.action)) return undefined;
    const decided = new ActionRecordView(
      {
        ...parts,
        observations: parts.observations.slice(),
        decisions: { ...parts.decisions },
        endedTick: this.#runningSince,
      },
      'decided',
      this.#trail,
    );
    if (canWait) return this.#trail.dispatchDurable(decided);
    this.#trail.dispatchSync(decided);
    return undefined;
  }

  /** The action reserved these limits before it ran; its record lists them, each with what it left. */
  reserved(limits: readonly AuditLimitReservation[]): void {
    if (this.#parts !== undefined) this.#parts.limits = limits;
  }

  /** The capability returned (or its promise resolved). */
  executed(): void {
    if (this.#runningSince === 0 || this.#ended || this.#parts === undefined) return;
    this.#ended = true;
    this.#parts.executionMs = performance.now() - this.#runningSince;
  }

  /** The call returned normally. */
  succeeded(): void | Promise<void> {
    this.executed();
    return this.#finish({ outcome: 'allowed' });
  }

  /**
   * The call ended early without an error of its own: a streaming capability whose consumer stopped reading, or
   * whose request was abandoned.
   */
  cancelled(reason: string): void | Promise<void> {
    this.executed();
    return this.#finish({ outcome: 'cancelled', reason: boundText(reason) });
  }

  /** An async call resolved to `value`: `value` once its record is handed over (at once, unless a full queue blocks). */
  resolvedTo<T>(value: T): T | Promise<T> {
    const recorded = this.succeeded();
    return recorded === undefined ? value : recorded.then(() => value);
  }

  /** An async call rejected with `error`: rejects with it once its record is handed over. */
  rejectedWith(error: unknown): Promise<never> {
    const recorded = this.failed(error);
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown
    if (recorded === undefined) return Promise.reject(error);
    return recorded.then(() => {
      throw error;
    });
  }

  /** The call threw `error`: denied, paused for approval, or failed. */
  failed(error: unknown): void | Promise<void> {
    if (this.#runningSince !== 0 && !this.#ended && !(error instanceof CapabilityDeniedError) && this.#parts) {
      // What a capability threw is not Brane's: bound it (a message may quote an argument of any size).
      const message = boundText(error instanceof Error ? asText(error.message) : String(error));
      const name = boundText(error instanceof Error ? asText(error.name) : typeof error);
      this.#parts.error = { name, message };
    }
    this.executed();
    return this.#finish(endingOf(error));
  }

  #finish(ending: Ending): void | Promise<void> {
    const parts = this.#parts;
    if (parts === undefined) return undefined;
    this.#parts = undefined;
    parts.endedTick = performance.now();
    this.#trail.unobserve(parts.action);
    parts.output = parts.action.output;
    if (ending.outcome !== undefined) parts.outcome = ending.outcome;
    if (ending.stage !== undefined) parts.stage = ending.stage;
    if (ending.reason !== undefined) parts.reason = ending.reason;
    if (ending.approval !== undefined) parts.approval = ending.approval;
    // A synchronous call cannot wait: a full queue is then written at once rather than held (see AuditTrail.dispatch).
    const canWait = parts.action.capability.async;
    return this.#trail.dispatch(new ActionRecordView(parts, 'completed', this.#trail), canWait, true);
  }
}

/** How a call that threw `error` ended, with the approval it asked for or was refused under. */
function endingOf(error: unknown): Ending {
  if (error instanceof ApprovalRequiredError) {
    const approval = {
      approvalId: error.approvalId,
      status: 'requested',
      approverGroups: error.approverGroups,
      expiresAt: error.expiresAt,
    } as const;
    return { outcome: 'approval_required', reason: error.reason, approval };
  }
  if (error instanceof ApprovalExpiredError) {
    const approval = { approvalId: error.approvalId, status: 'expired', expiresAt: error.expiresAt } as const;
    return { outcome: 'denied', stage: 'before', reason: error.message, approval };
  }
  if (error instanceof ApprovalRejectedError) {
    const approval = { approvalId: error.approvalId, status: 'rejected' } as const;
    return { outcome: 'denied', stage: 'before', reason: error.message, approval };
  }
  if (error instanceof CapabilityDeniedError) return { outcome: 'denied', stage: error.stage, reason: error.reason };
  if (error instanceof AuditError) return { outcome: 'denied', stage: 'before', reason: error.message };
  const message = error instanceof BraneError || error instanceof Error ? asText(error.message) : String(error);
  return { outcome: 'failed', reason: message };
}

/** A thrown error's `message` or `name` as text: a hostile error may make either anything. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** A recorder's hand-over may return a promise (a full buffer); a call that cannot wait lets it settle alone. */
export function settleQuietly(pending: void | Promise<void>): void {
  if (pending instanceof Promise) pending.catch(() => undefined);
}
