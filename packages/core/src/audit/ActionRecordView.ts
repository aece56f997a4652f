import {
  ACTION_RECORD_VERSION,
  CALLER_CONTEXT,
  type ActionRecord,
  type ApprovalLink,
  type AuditLimitReservation,
  type AuditSink,
  type AuditStage,
  type PolicyOutcome,
} from '@brane/audit';
import type { Decision } from '@brane/decisions';
import { COMPACT_BODY, type MaskedJson } from '@brane/audit/internal';
import { boundText } from '@brane/errors';
import type { PolicyObservation } from '@brane/policy-engine';
import type { AgentAction } from '../AgentAction.js';
import { compactActionBody } from './compactActionBody.js';
import { effectOf, enforcedDecision, round, secretsOf } from './recordFields.js';

/** What a recorder has seen of one action: references only, read when the record is first looked at. */
export interface RecordParts {
  readonly action: AgentAction;
  readonly actionId: string;
  /** The arguments by name as the call made them (a `transform_input` replaces them later). */
  readonly input: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds, and `performance.now()`, when the action started. */
  readonly startedAt: number;
  readonly startedTick: number;
  /** Each policy's observation, in order, with its stage. */
  readonly observations: (AuditStage | PolicyObservation)[];
  /** Allows of after-policies past {@link MAX_POLICY_OUTCOMES} (a long stream decides on every chunk): counted only. */
  omittedPolicies?: number;
  /** The limits the action reserved before it ran. */
  limits?: readonly AuditLimitReservation[];
  /** The evaluation enforced at each stage: its composed decision is built only when the record is. */
  readonly decisions: { before?: { readonly decision: Decision }; after?: { readonly decision: Decision } };
  approval?: ApprovalLink;
  outcome?: NonNullable<ActionRecord['outcome']>;
  stage?: AuditStage;
  reason?: string;
  error?: { readonly name: string; readonly message: string };
  endedTick?: number;
  executionMs?: number;
  /** The output the action's secrets are also read from (recorded when after-policies ran). */
  output?: unknown;
  readonly contexts: ReadonlyMap<AuditSink, unknown> | undefined;
}

/**
 * The policy outcomes one record holds in full. Past it, the allows of after-policies are only counted
 * (`policiesOmitted`): a stream's after-policies decide on every chunk, and a million chunks must not make a
 * million entries. Denies and every other decision are always recorded.
 */
export const MAX_POLICY_OUTCOMES = 64;

/** Masks a record: `values` are the action's secrets known by name, masked wherever a string repeats them. */
export interface RecordMasker {
  mask<T>(value: T, sensitive: readonly string[], values?: readonly string[]): T;
  secretsIn(value: unknown, sensitive: readonly string[]): readonly string[];
  /** Writes plain data as masked JSON in one pass, as {@link mask} masks it. */
  jsonMasker(sensitive: readonly string[], values?: readonly string[]): MaskedJson;
}

type RecordData = Omit<ActionRecord, typeof CALLER_CONTEXT>;

/**
 * An {@link ActionRecord} as a lazy view: building it on the call's path costs an object; the record itself
 * (identity, masked arguments, decisions as JSON, bounded reasons) is built and masked once, the first time a
 * sink reads a field or serialises it, and shared by every sink.
 */
export class ActionRecordView implements ActionRecord {
  readonly v = ACTION_RECORD_VERSION;
  readonly type = 'action';
  readonly phase: 'decided' | 'completed';
  readonly [CALLER_CONTEXT]: ReadonlyMap<AuditSink, unknown> | undefined;
  readonly #parts: RecordParts;
  readonly #masker: RecordMasker;
  #data: RecordData | undefined;

  constructor(parts: RecordParts, phase: 'decided' | 'completed', masker: RecordMasker) {
    this.#parts = parts;
    this.phase = phase;
    this.#masker = masker;
    this[CALLER_CONTEXT] = parts.contexts;
  }

  get time(): string {
    return this.#record().time;
  }
  get actionId(): string {
    return this.#parts.actionId;
  }
  get traceId(): string {
    return this.#parts.action.traceId;
  }
  get parentActionId(): string | undefined {
    return this.#parts.action.parentActionId;
  }
  get capability(): string {
    return this.#parts.action.capability.name;
  }
  get capabilityType(): string {
    return this.#parts.action.capability.type;
  }
  get risk(): string {
    return this.#parts.action.capability.risk;
  }
  get environment(): string {
    return this.#parts.action.environment;
  }
  get agentId(): string | undefined {
    return this.#record().agentId;
  }
  get tenantId(): string | undefined {
    return this.#record().tenantId;
  }
  get principalId(): string | undefined {
    return this.#record().principalId;
  }
  get scopes(): readonly string[] | undefined {
    return this.#record().scopes;
  }
  get effect(): Readonly<Record<string, unknown>> | undefined {
    return this.#record().effect;
  }
  get args(): Readonly<Record<string, unknown>> {
    return this.#record().args;
  }
  get policies(): readonly PolicyOutcome[] {
    return this.#record().policies;
  }
  get decisions(): ActionRecord['decisions'] {
    return this.#record().decisions;
  }
  get approval(): ApprovalLink | undefined {
    return this.#record().approval;
  }
  get outcome(): ActionRecord['outcome'] {
    return this.#record().outcome;
  }
  get stage(): AuditStage | undefined {
    return this.#record().stage;
  }
  get reason(): string | undefined {
    return this.#record().reason;
  }
  get error(): ActionRecord['error'] {
    return this.#record().error;
  }
  get durationMs(): number {
    return this.#record().durationMs;
  }
  get executionMs(): number | undefined {
    return this.#record().executionMs;
  }
  get limits(): readonly AuditLimitReservation[] | undefined {
    return this.#record().limits;
  }
  get policiesOmitted(): number | undefined {
    return this.#record().policiesOmitted;
  }

  /** The record as JSON data, built and masked on the first call. */
  toJSON(): RecordData {
    return this.#record();
  }

  /** The body of its compact line, written straight from what the recorder holds (see `compactActionBody`). */
  [COMPACT_BODY](): string | undefined {
    return this.#data === undefined ? compactActionBody(this.#parts, this.phase, this.#masker) : undefined;
  }

  #record(): RecordData {
    this.#data ??= buildRecord(this.#parts, this.phase, this.#masker);
    return this.#data;
  }
}

/** The plain record of `parts`, secrets masked: identity by name and shape, the rest also by known values. */
function buildRecord(parts: RecordParts, phase: 'decided' | 'completed', masker: RecordMasker): RecordData {
  const { action } = parts;
  const { capability } = action;
  const sensitive = capability.sensitive;
  const who = masker.mask(
    {
      ...(action.agentId === undefined ? {} : { agentId: action.agentId }),
      ...(action.tenantId === undefined ? {} : { tenantId: action.tenantId }),
      ...(action.principalId === undefined ? {} : { principalId: action.principalId }),
      ...(action.scopes.length === 0 ? {} : { scopes: [...action.scopes] }),
    },
    sensitive,
  );
  const secrets = secretsOf(parts, masker);
  const said = masker.mask(
    {
      args: parts.input,
      policies: policyOutcomes(parts.observations),
      decisions: {
        ...(parts.decisions.before === undefined ? {} : { before: enforcedDecision(parts.decisions.before.decision) }),
        ...(parts.decisions.after === undefined ? {} : { after: enforcedDecision(parts.decisions.after.decision) }),
      },
      ...(parts.approval === undefined ? {} : { approval: parts.approval }),
      ...(parts.reason === undefined ? {} : { reason: boundText(parts.reason) }),
      ...(parts.error === undefined ? {} : { error: parts.error }),
    },
    sensitive,
    secrets,
  );
  const end = parts.endedTick ?? parts.startedTick;
  return {
    v: ACTION_RECORD_VERSION,
    type: 'action',
    phase,
    time: new Date(parts.startedAt).toISOString(),
    actionId: parts.actionId,
    traceId: action.traceId,
    ...(action.parentActionId === undefined ? {} : { parentActionId: action.parentActionId }),
    capability: capability.name,
    capabilityType: capability.type,
    risk: capability.risk,
    ...(capability.effect === undefined ? {} : { effect: effectOf(capability.effect) }),
    environment: action.environment,
    ...who,
    ...said,
    ...(parts.omittedPolicies === undefined ? {} : { policiesOmitted: parts.omittedPolicies }),
    ...(parts.limits === undefined ? {} : { limits: parts.limits }),
    ...(parts.outcome === undefined ? {} : { outcome: parts.outcome }),
    ...(parts.stage === undefined ? {} : { stage: parts.stage }),
    durationMs: round(end - parts.startedTick),
    ...(parts.executionMs === undefined ? {} : { executionMs: round(parts.executionMs) }),
  };
}

function policyOutcomes(observations: RecordParts['observations']): PolicyOutcome[] {
  const outcomes: PolicyOutcome[] = [];
  for (let i = 0; i + 1 < observations.length; i += 2) {
    outcomes.push(policyOutcome(observations[i] as AuditStage, observations[i + 1] as PolicyObservation));
  }
  return outcomes;
}

function policyOutcome(stage: AuditStage, { policy, decision, durationMs, enforced, cause }: PolicyObservation) {
  return {
    name: policy.name,
    ...(policy.version === undefined ? {} : { version: policy.version }),
    stage,
    decision: decision.type,
    ...(decision.reason === undefined ? {} : { reason: boundText(decision.reason) }),
    durationMs: round(durationMs),
    ...(enforced ? {} : { shadow: true as const }),
    ...(cause === undefined ? {} : { failure: cause.code }),
  } satisfies PolicyOutcome;
}
