import type { AuditEvent, AuditLimitReservation, AuditStage } from '@brane/audit';
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
import type { EvaluationOptions, PolicyObservation, PolicyContext } from '@brane/policy-engine';
import type { AgentAction } from '../AgentAction.js';
import { eventBase, type AuditTrail } from './AuditTrail.js';

type Completion = Extract<AuditEvent, { type: 'action.completed' }>;

/**
 * How many after-stage decisions one action records besides its denies: a stream's after-policies decide on
 * every chunk, and a redaction of each of a million chunks must not make a million events.
 */
export const MAX_AFTER_DECISIONS_RECORDED = 32;

/**
 * The audit events of one governed call. Events before the capability runs are handed over in one batch
 * just before it runs (written synchronously under `durability: 'sync'`); the rest when the call ends.
 */
export class ActionRecorder {
  readonly #trail: AuditTrail;
  #action: AgentAction | undefined;
  #pending: AuditEvent[] = [];
  #startedAt = 0;
  #ended = false;
  #limits: readonly AuditLimitReservation[] | undefined;
  #afterDecisions = 0;
  /**
   * The action's secrets known by name (values under sensitive keys of its arguments, and of its output once
   * it has one), masked wherever its events repeat them: in a reason or an error message that quotes them.
   */
  readonly #secrets = new Set<string>();
  /** The arguments and output {@link #secrets} were last read from. */
  #secretsFrom: { input: unknown; output: unknown } = { input: undefined, output: undefined };
  readonly #observe = (observation: PolicyObservation, ctx: PolicyContext): void => {
    const { policy, decision, durationMs, enforced, cause } = observation;
    this.#push({
      type: 'policy.evaluated',
      stage: ctx.stage,
      policyName: policy.name,
      ...(policy.version === undefined ? {} : { policyVersion: policy.version }),
      decision: this.#decision(decision, policy.name, policy.version),
      durationMs,
      enforced,
      ...(cause === undefined ? {} : { failure: cause.code }),
    });
  };

  constructor(trail: AuditTrail) {
    this.#trail = trail;
  }

  /** The action was created. */
  begin(action: AgentAction): void {
    this.#action = action;
    this.#push({
      type: 'action.created',
      risk: action.capability.risk,
      capabilityType: action.capability.type,
      args: action.input,
      ...(action.parentActionId === undefined ? {} : { parentActionId: action.parentActionId }),
    });
  }

  /** `mode` with this recorder observing each policy. */
  observing(mode: EvaluationOptions): EvaluationOptions {
    return { ...mode, observe: this.#observe };
  }

  /** The runtime enforced `decision` at `stage`. */
  enforced(stage: AuditStage, decision: Decision): void {
    if (stage === 'after' && decision.type !== 'deny' && ++this.#afterDecisions > MAX_AFTER_DECISIONS_RECORDED) return;
    this.#push({
      type: 'decision.enforced',
      stage,
      decision: this.#decision(decision),
      markedForReview: decision.markedForReview,
    });
  }

  /**
   * The capability is about to run: hands over the events so far. Under `durability: 'sync'` they are
   * written before this returns; a failure throws `AuditError` and the capability does not run.
   */
  commit(canWait: boolean): void | Promise<void> {
    const events = this.#take();
    const action = this.#action;
    this.#startedAt = performance.now();
    if (action !== undefined && this.#trail.isSync(action)) {
      this.#trail.dispatchSync(events);
      return;
    }
    return this.#trail.dispatch(events, canWait);
  }

  /** The action reserved these limits before it ran; the `action.executed` event lists them. */
  reserved(limits: readonly AuditLimitReservation[]): void {
    this.#limits = limits;
  }

  /** The capability returned (or its promise resolved). */
  executed(): void {
    if (this.#startedAt === 0 || this.#ended) return;
    this.#ended = true;
    this.#push({ type: 'action.executed', durationMs: performance.now() - this.#startedAt, ...this.#limitsField() });
  }

  #limitsField(): { limits?: readonly AuditLimitReservation[] } {
    return this.#limits === undefined ? {} : { limits: this.#limits };
  }

  /** The call returned normally. */
  succeeded(): void | Promise<void> {
    this.executed();
    return this.#finish({ outcome: 'allowed' });
  }

  /**
   * A stream ended before its end: its consumer stopped reading, or the request was abandoned. `reason`
   * says which, and after how many chunks.
   */
  cancelled(reason: string): void | Promise<void> {
    this.executed();
    return this.#finish({ outcome: 'cancelled', reason: boundText(reason) });
  }

  /** The call threw `error`: denied, paused for approval, or failed. */
  failed(error: unknown): void | Promise<void> {
    if (this.#startedAt !== 0 && !this.#ended && !(error instanceof CapabilityDeniedError)) {
      this.#ended = true;
      // What a capability threw is not Brane's: bound it (a message may quote an argument of any size).
      const message = boundText(error instanceof Error ? asText(error.message) : String(error));
      const name = boundText(error instanceof Error ? asText(error.name) : typeof error);
      this.#push({
        type: 'action.executed',
        durationMs: performance.now() - this.#startedAt,
        error: { name, message },
        ...this.#limitsField(),
      });
    }
    this.executed();
    return this.#finish(
      outcomeOf(error, (event) => {
        this.#push(event);
      }),
    );
  }

  #finish(completion: Omit<Completion, keyof ReturnType<typeof eventBase> | 'type'>): void | Promise<void> {
    this.#push({ type: 'action.completed', ...completion });
    return this.#trail.dispatch(this.#take(), true, true);
  }

  #take(): AuditEvent[] {
    const events = this.#pending;
    this.#pending = [];
    return events;
  }

  #push(event: DistributiveOmit<AuditEvent, keyof ReturnType<typeof eventBase>>): void {
    const action = this.#action;
    if (action === undefined) return;
    const sensitive = action.capability.sensitive;
    // Known secrets are masked in what the event says, not in the identity and ids every event carries.
    const { type, ...said } = event;
    const full = {
      ...this.#trail.mask(eventBase(action), sensitive),
      type,
      ...this.#trail.mask(said, sensitive, this.#knownSecrets(action)),
    };
    this.#pending.push(full as AuditEvent);
  }

  /** {@link #secrets}, read again from the arguments (a `transform_input` replaces them) and the output. */
  #knownSecrets(action: AgentAction): readonly string[] {
    const { input, output } = action;
    const from = this.#secretsFrom;
    if (input !== from.input || output !== from.output) {
      const sensitive = action.capability.sensitive;
      const found = [...this.#trail.secretsIn(input, sensitive), ...this.#trail.secretsIn(output, sensitive)];
      for (const secret of found) this.#secrets.add(secret);
      this.#secretsFrom = { input, output };
    }
    return [...this.#secrets];
  }

  #decision(
    decision: Decision,
    policyName?: string,
    policyVersion?: string,
  ): Extract<AuditEvent, { type: 'decision.enforced' }>['decision'] {
    const json = decision.toJSON() as unknown as Record<string, unknown>;
    return {
      ...json,
      ...(json['policyName'] === undefined && policyName !== undefined ? { policyName } : {}),
      ...(json['policyVersion'] === undefined && policyVersion !== undefined ? { policyVersion } : {}),
    } as Extract<AuditEvent, { type: 'decision.enforced' }>['decision'];
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type CompletionFields = Omit<Completion, keyof ReturnType<typeof eventBase> | 'type'>;

/** How a call that threw `error` ended, plus any approval event it implies. */
function outcomeOf(
  error: unknown,
  push: (event: DistributiveOmit<AuditEvent, keyof ReturnType<typeof eventBase>>) => void,
): CompletionFields {
  if (error instanceof ApprovalRequiredError) {
    push({
      type: 'approval.requested',
      approvalId: error.approvalId,
      approverGroups: error.approverGroups,
      expiresAt: error.expiresAt,
    });
    return { outcome: 'approval_required', approvalId: error.approvalId, reason: error.reason };
  }
  if (error instanceof ApprovalExpiredError) {
    push({ type: 'approval.expired', approvalId: error.approvalId, expiresAt: error.expiresAt });
    return { outcome: 'denied', stage: 'before', reason: error.message, approvalId: error.approvalId };
  }
  if (error instanceof ApprovalRejectedError) {
    return { outcome: 'denied', stage: 'before', reason: error.message, approvalId: error.approvalId };
  }
  if (error instanceof CapabilityDeniedError) return { outcome: 'denied', stage: error.stage, reason: error.reason };
  if (error instanceof AuditError) return { outcome: 'denied', stage: 'before', reason: error.message };
  return {
    outcome: 'failed',
    reason: boundText(error instanceof BraneError || error instanceof Error ? asText(error.message) : String(error)),
  };
}

/** A thrown error's `message` or `name` as text: a hostile error may make either anything. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** A recorder's hand-over may return a promise (a full buffer); a call that cannot wait lets it settle alone. */
export function settleQuietly(pending: void | Promise<void>): void {
  if (pending instanceof Promise) pending.catch(() => undefined);
}
