import { BraneError, describeValue, type DecisionRecord } from '@brane/errors';
import { DECISION_TYPES, isDecisionType, type DecisionType } from './DecisionType.js';
import { newUlid } from './newUlid.js';

/** A structured payload carried by a decision (mutations, approval request, audit metadata). */
export type DecisionPayload = Readonly<Record<string, unknown>>;

/** What a {@link Decision} is built from. Only `type` is required. */
export interface DecisionInit {
  readonly type: DecisionType;
  /** Human-readable reason; it becomes `CapabilityDeniedError.reason`. */
  readonly reason?: string | undefined;
  /** Arbitrary metadata, copied and frozen. */
  readonly metadata?: DecisionPayload | undefined;
  /** Mutation payload for transform and redact decisions. */
  readonly mutations?: DecisionPayload | undefined;
  /** Approval request payload for `approval_required`. */
  readonly approval?: DecisionPayload | undefined;
  /** Audit metadata to attach to the action record. */
  readonly audit?: DecisionPayload | undefined;
  /** The policy that produced it. The runtime sets this from the registered policy. */
  readonly policyName?: string | undefined;
  /** That policy's version. The runtime sets this from the registered policy. */
  readonly policyVersion?: string | undefined;
  /** The action it applies to. The runtime sets this. */
  readonly actionId?: string | undefined;
}

/** The identity the runtime stamps on a decision: which policy made it, for which action. */
export interface DecisionAttribution {
  readonly policyName: string | undefined;
  readonly policyVersion: string | undefined;
  readonly actionId: string | undefined;
}

/** The JSON form of a decision. */
export interface DecisionJSON {
  readonly type: DecisionType;
  readonly decisionId: string;
  readonly reason?: string;
  readonly actionId?: string;
  readonly policyName?: string;
  readonly policyVersion?: string;
  readonly mutations?: DecisionPayload;
  readonly approval?: DecisionPayload;
  readonly audit?: DecisionPayload;
  readonly metadata: DecisionPayload;
}

const EMPTY: DecisionPayload = Object.freeze({});
const ALLOW: DecisionInit = Object.freeze({ type: 'allow' });

/**
 * The output of a policy, and what the runtime enforces. A decision is data: a `type` from the closed set of
 * {@link DECISION_TYPES}, a reason, and the policy and action it belongs to.
 *
 * @example
 * return Decision.allow();
 * return Decision.deny('Only SELECT queries are allowed');
 * return new Decision({ type: 'deny', reason: 'Blocked in prod', metadata: { rule: 'prod-only' } });
 */
export class Decision implements DecisionRecord {
  readonly type: DecisionType;
  readonly reason: string | undefined;
  readonly actionId: string | undefined;
  readonly policyName: string | undefined;
  readonly policyVersion: string | undefined;
  readonly mutations: DecisionPayload | undefined;
  readonly approval: DecisionPayload | undefined;
  readonly audit: DecisionPayload | undefined;
  readonly metadata: DecisionPayload;
  #decisionId: string | undefined;

  constructor(init: DecisionInit) {
    if (init === ALLOW) {
      // The most common decision of all, on every policy call: nothing to validate or copy.
      this.type = 'allow';
      this.metadata = EMPTY;
      return;
    }
    validateInit(init);
    this.type = init.type;
    this.reason = init.reason;
    this.actionId = init.actionId;
    this.policyName = init.policyName;
    this.policyVersion = init.policyVersion;
    this.mutations = frozenCopy(init.mutations);
    this.approval = frozenCopy(init.approval);
    this.audit = frozenCopy(init.audit);
    this.metadata = frozenCopy(init.metadata) ?? EMPTY;
  }

  /** Allow the action. */
  static allow(init?: Omit<DecisionInit, 'type'>): Decision {
    return new Decision(init === undefined ? ALLOW : { ...init, type: 'allow' });
  }

  /** Deny the action with a reason; the capability does not run. */
  static deny(reason: string, init: Omit<DecisionInit, 'type' | 'reason'> = {}): Decision {
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `Decision.deny: \`reason\` must be a non-empty string (got ${describeValue(reason)})`,
      );
    }
    return new Decision({ ...init, type: 'deny', reason });
  }

  /** Whether `value` is a real Decision. An object that merely looks like one is not. */
  static isDecision(value: unknown): value is Decision {
    return value instanceof Decision;
  }

  /** A unique, time-sortable id (a ULID), made the first time it is read. */
  get decisionId(): string {
    return (this.#decisionId ??= newUlid());
  }

  /** `true` if the type is `allow`. */
  get allowed(): boolean {
    return this.type === 'allow';
  }

  /** `true` if the type is `deny`. */
  get denied(): boolean {
    return this.type === 'deny';
  }

  /** `true` if the type is `approval_required`. */
  get requiresApproval(): boolean {
    return this.type === 'approval_required';
  }

  /**
   * A copy of this decision stamped with the policy and action it belongs to. The copy has its own
   * `decisionId`; this decision is left untouched, so a policy may safely return a shared instance.
   */
  withAttribution(attribution: DecisionAttribution): Decision {
    return new Decision({ ...this.#init(), ...attribution });
  }

  /** The plain JSON form, without undefined fields. */
  toJSON(): DecisionJSON {
    const json: Record<string, unknown> = { type: this.type, decisionId: this.decisionId };
    for (const [key, value] of Object.entries(this.#init())) {
      if (value !== undefined && key !== 'type') json[key] = value;
    }
    return json as unknown as DecisionJSON;
  }

  #init(): DecisionInit {
    return {
      type: this.type,
      reason: this.reason,
      actionId: this.actionId,
      policyName: this.policyName,
      policyVersion: this.policyVersion,
      mutations: this.mutations,
      approval: this.approval,
      audit: this.audit,
      metadata: this.metadata,
    };
  }
}

/** Checks each field explicitly: a decision is made on every policy call, so this stays cheap. */
function validateInit(init: DecisionInit): void {
  if (typeof init !== 'object' || init === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: expected an object like \`{ type: 'allow' }\` (got ${describeValue(init)})`,
    );
  }
  if (!isDecisionType(init.type)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`type\` must be one of ${DECISION_TYPES.join(', ')} (got ${describeValue(init.type)})`,
      { details: { type: init.type } },
    );
  }
  checkString('reason', init.reason);
  checkString('policyName', init.policyName);
  checkString('policyVersion', init.policyVersion);
  checkString('actionId', init.actionId);
  checkPayload('metadata', init.metadata);
  checkPayload('mutations', init.mutations);
  checkPayload('approval', init.approval);
  checkPayload('audit', init.audit);
}

function checkString(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`${field}\` must be a string (got ${describeValue(value)})`,
    );
  }
}

function checkPayload(field: string, value: unknown): void {
  if (value !== undefined && !isPlainObject(value)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`${field}\` must be a plain object (got ${describeValue(value)})`,
    );
  }
}

function frozenCopy(payload: DecisionPayload | undefined): DecisionPayload | undefined {
  if (payload === undefined || payload === EMPTY || Object.isFrozen(payload)) return payload;
  return Object.freeze({ ...payload });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
