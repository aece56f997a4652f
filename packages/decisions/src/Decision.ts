import { BraneError, type DecisionRecord } from '@brane/errors';
import type { ApprovalRequest, ApprovalRequestInit } from './ApprovalRequest.js';
import { checkName, requireReason } from './decisionArguments.js';
import type {
  DecisionAttribution,
  DecisionInit,
  DecisionJSON,
  DecisionOptions,
  DecisionPayload,
} from './DecisionInit.js';
import type { DecisionType } from './DecisionType.js';
import type { Limit, LimitInit } from './Limit.js';
import type { Mutations } from './Mutations.js';
import type { RedactionInit } from './Redaction.js';
import type { RouteTarget } from './RouteTarget.js';
import type { SandboxConstraints } from './SandboxConstraints.js';
import type { Transform } from './Transform.js';
import { newUlid } from './newUlid.js';
import { parseLabels, unionLabels } from './dataLabels.js';
import { initOf } from './initOf.js';
import { EMPTY } from './validateDecisionInit.js';
import { validateLimits } from './validateLimit.js';
import {
  holdsFields,
  holdsPlainAllowFields,
  UNSET_ON_PLAIN_ALLOW,
  validFields,
  type Fields,
} from './DecisionFields.js';
import { ALLOW, ALLOW_FIELDS, allowWith } from './plainAllow.js';

const denyTakesNoLimits = (): BraneError =>
  new BraneError('INVALID_ARGUMENT', 'Decision.withLimits: a deny reserves nothing, so it takes no limits');

/** Makes a copy of a decision, already valid, with other limits or attribution: only those are checked. */
const COPY: unique symbol = Symbol('Decision.copy');
/** Makes a copy as {@link COPY} does, from the fields the decision's constructor checked rather than its own. */
const CHECKED: unique symbol = Symbol('Decision.checked');
/** Makes a plain allow's copy with limits: its fields are known (see `allowWith`). */
const ALLOW_WITH: unique symbol = Symbol('Decision.allowWith');
/** Reads `#checked` for the functions below the class. */
let checkedOf: (decision: Decision) => Readonly<Fields>;

/**
 * The output of a policy, and what the runtime enforces. A decision is data: a `type` from the closed set of
 * `DECISION_TYPES`, a reason, the payload of its type, and the policy and action it belongs to. Every
 * payload is deeply copied and frozen.
 *
 * @example
 * return Decision.allow();
 * return Decision.deny('Only SELECT queries are allowed');
 * return Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Refund over $100' });
 * return Decision.redact(['customers[].email']);
 */
export class Decision implements DecisionRecord {
  readonly type: DecisionType;
  readonly metadata: DecisionPayload;
  // Declared, not defined: a plain allow (every policy call) never stores them, and reads them as `undefined` from
  // the prototype (see the static block).
  declare readonly reason: string | undefined;
  declare readonly actionId: string | undefined;
  declare readonly policyName: string | undefined;
  declare readonly policyVersion: string | undefined;
  declare readonly mutations: Mutations | undefined;
  declare readonly approval: ApprovalRequest | undefined;
  declare readonly route: RouteTarget | undefined;
  declare readonly sandbox: SandboxConstraints | undefined;
  declare readonly audit: DecisionPayload | undefined;
  declare readonly effects: readonly Decision[] | undefined;
  /** The limits reserved, all or none, when the action is about to run. */
  declare readonly limits: readonly Limit[] | undefined;
  /** Data labels the output carries from now on, sorted; `undefined` when none. */
  declare readonly labels: readonly string[] | undefined;
  #decisionId: string | undefined;
  /**
   * The public fields as the constructor checked them. A Decision is data but not frozen (freezing one costs more
   * than making a plain allow, which every policy call does): a copy is made without checking again only while every
   * public field is still the one checked (a policy can change a field of the decision it returns; such a decision is
   * checked again, and fails closed). The exception, `Decision.allow().withLimits(limit)` of one limit, is frozen.
   */
  #checked: Readonly<Fields> = ALLOW_FIELDS;

  static {
    checkedOf = (decision) => decision.#checked;
    // A plain allow stores none of these fields. Read from the prototype as `undefined`, they are found at once, as
    // an own field would be, where a field found nowhere is looked up through every prototype on each read; and a
    // field added to `Object.prototype` can no longer appear on a plain allow.
    for (const field of UNSET_ON_PLAIN_ALLOW) {
      Object.defineProperty(Decision.prototype, field, { value: undefined, writable: true, configurable: false });
    }
  }

  constructor(init: DecisionInit);
  /**
   * @internal A copy of a valid decision `from`, with these limits and attribution (`undefined`: `from`'s own):
   * see {@link withLimits} and {@link withAttribution}. Positional, not an object: a copy is made on every call.
   */
  constructor(
    init: typeof COPY | typeof CHECKED | typeof ALLOW_WITH,
    from: Decision,
    limits: readonly Limit[] | undefined,
    attribution: DecisionAttribution | undefined,
  );
  constructor(
    init: DecisionInit | typeof COPY | typeof CHECKED | typeof ALLOW_WITH,
    copyFrom?: Decision,
    copyLimits?: readonly Limit[],
    copyAttribution?: DecisionAttribution,
  ) {
    if (init === ALLOW) {
      // The most common decision of all, on every policy call: nothing to validate or copy. (The other paths are
      // functions of their own: a constructor this small is inlined where a decision is made.)
      this.type = 'allow';
      this.metadata = EMPTY;
      return;
    }
    const f: Readonly<Fields> =
      init === ALLOW_WITH
        ? allowWith(copyLimits as readonly Limit[])
        : init === COPY || init === CHECKED
          ? Decision.#copied(init, copyFrom as Decision, copyLimits, copyAttribution)
          : validFields(init, isDecision);
    this.type = f[0];
    this.reason = f[1];
    this.actionId = f[2];
    this.policyName = f[3];
    this.policyVersion = f[4];
    this.mutations = f[5];
    this.approval = f[6];
    this.route = f[7];
    this.sandbox = f[8];
    this.audit = f[9];
    this.effects = f[10];
    this.limits = f[11]; // always stored, even undefined: every decision has one shape, so reading it stays cheap
    this.labels = f[12];
    this.metadata = f[13];
    this.#checked = f;
  }

  /**
   * The fields of a copy of `from`: every one but the changed ones was checked when `from` was made, and is frozen.
   * `COPY` reads each of `from`'s once (its caller then compares them with the checked ones); `CHECKED` takes them
   * as `from`'s constructor checked them.
   */
  static #copied(
    how: typeof COPY | typeof CHECKED,
    from: Decision,
    limits: readonly Limit[] | undefined,
    attribution: DecisionAttribution | undefined,
  ): Fields {
    const f: Fields = how === COPY ? from.#fields() : [...from.#checked];
    if (limits !== undefined) f[11] = limits; // `undefined`: `from`'s own
    if (attribution !== undefined) {
      f[2] = checkName('actionId', attribution.actionId);
      f[3] = checkName('policyName', attribution.policyName);
      f[4] = checkName('policyVersion', attribution.policyVersion);
    }
    return f;
  }

  /** Allow the action. */
  static allow(options?: DecisionOptions): Decision {
    return new Decision(options === undefined ? ALLOW : { ...options, type: 'allow' });
  }

  /** Deny the action with a reason; the capability does not run. */
  static deny(reason: string, options: Omit<DecisionOptions, 'reason'> = {}): Decision {
    return new Decision({ ...options, type: 'deny', reason: requireReason('Decision.deny', reason) });
  }

  /** Pause the action until a human approves it; it is denied if they reject it or the request expires. */
  static requireApproval(request: ApprovalRequestInit, options: Omit<DecisionOptions, 'reason'> = {}): Decision {
    const reason = typeof request === 'object' && request !== null ? request.reason : undefined;
    return new Decision({ ...options, type: 'approval_required', reason, approval: request });
  }

  /** Allow, but mask or remove these fields of the output before it is returned. */
  static redact(fields: readonly RedactionInit[], options: DecisionOptions = {}): Decision {
    return new Decision({ ...options, type: 'redact', mutations: { redact: fields as Mutations['redact'] } });
  }

  /** Allow with changed arguments: later policies and the capability see exactly the transformed ones. */
  static transformInput(transform: Transform, options: DecisionOptions = {}): Decision {
    return new Decision({ ...options, type: 'transform_input', mutations: { input: transform } });
  }

  /** Allow, and change the output before it is returned. */
  static transformOutput(transform: Transform, options: DecisionOptions = {}): Decision {
    return new Decision({ ...options, type: 'transform_output', mutations: { output: transform } });
  }

  /** Redirect the action to another capability, or a model capability to another model or provider. */
  static route(target: RouteTarget, options: DecisionOptions = {}): Decision {
    return new Decision({ ...options, type: 'route', route: target });
  }

  /** Execute under constraints: a time limit, allowed hosts, allowed paths. */
  static sandbox(constraints: SandboxConstraints, options: DecisionOptions = {}): Decision {
    return new Decision({ ...options, type: 'sandbox', sandbox: constraints });
  }

  /** Allow, and mark the action for review. */
  static logOnly(reason: string, options: Omit<DecisionOptions, 'reason'> = {}): Decision {
    return new Decision({ ...options, type: 'log_only', reason: requireReason('Decision.logOnly', reason) });
  }

  /**
   * Whether `value` is a real Decision, made by its constructor. An object that merely looks like one is not,
   * nor one made on `Decision.prototype` without the constructor (it passes `instanceof`), nor a Proxy of one.
   */
  static isDecision(value: unknown): value is Decision {
    return typeof value === 'object' && value !== null && #decisionId in value;
  }

  /**
   * A unique, time-sortable id (a ULID), made the first time it is read. A decision used more than once keeps its
   * id: one a policy keeps and returns on every call, or `Decision.allow().withLimits(limit)` of one limit, which is
   * made once per limit and frozen. The decision the runtime enforces, a copy stamped with its action (the one an
   * audit record holds), always has an id of its own.
   */
  get decisionId(): string {
    return (this.#decisionId ??= newUlid());
  }

  /**
   * A copy of this decision that also labels the action's output: once it has run, its session holds these labels
   * (`ctx.session.has({ label })`) and later arguments carrying its values are tainted (`ctx.argLabels`). A deny
   * cannot label: nothing reaches the caller.
   *
   * @example
   * return looksLikeCardNumbers(ctx.output) ? Decision.allow().label('pii') : Decision.allow();
   */
  label(...labels: string[]): Decision {
    const added = parseLabels(labels, 'Decision.label');
    if (added.length === 0) return this;
    return new Decision({ ...initOf(this), labels: unionLabels(this.labels, added) });
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

  /** `true` if the action is marked for review: the decision, or one composed into it, is `log_only`. */
  get markedForReview(): boolean {
    return this.type === 'log_only' || (this.effects?.some((effect) => effect.type === 'log_only') ?? false);
  }

  /**
   * A copy of this decision stamped with the policy and action it belongs to. The copy has its own
   * `decisionId`; this decision is left untouched, so a policy may safely return a shared instance. An
   * approval request records the policy as the one that asked.
   */
  withAttribution(attribution: DecisionAttribution): Decision {
    const approval = this.approval;
    if (approval?.requestedBy.length === 0 && attribution.policyName !== undefined) {
      const requestedBy = [{ name: attribution.policyName, version: attribution.policyVersion }];
      return new Decision({ ...initOf(this), ...attribution, approval: { ...approval, requestedBy } });
    }
    const copy = new Decision(COPY, this, undefined, attribution);
    return copy.#holdsCheckedFieldsOf(this, true, copy.#checked[11])
      ? copy
      : new Decision({ ...initOf(this), ...attribution });
  }

  /**
   * A copy of this decision that also reserves `limits` when the action is about to run: after every policy
   * allowed it, all of them at once or none. With no room in one, the action is denied before it runs, with
   * the limit, what remains and when it frees up. A deny reserves nothing, so it takes no limits.
   *
   * On a plain allow, with one limit, the decision is made once per limit and frozen: each call that attaches the
   * same limit gets the same decision, which no policy can change.
   *
   * @example
   * return Decision.allow().withLimits({ key: `refunds:${ctx.tenantId}`, kind: 'sum', cost: amount, max: 1000, per: '24h' });
   */
  withLimits(...limits: readonly LimitInit[]): Decision {
    if (this.type === 'deny') throw denyTakesNoLimits();
    const added = validateLimits(limits);
    const base = this.limits; // read once: the value compared is the value kept
    // A plain allow, each of its fields still as made (read here): its copy is an allow with these limits alone.
    if (base === undefined && this.#checked === ALLOW_FIELDS && holdsPlainAllowFields(this, ALLOW_FIELDS)) {
      return added.length === 1 ? allowWithOne(this, added) : new Decision(ALLOW_WITH, this, added, undefined);
    }
    const copy = new Decision(COPY, this, base === undefined ? added : Object.freeze([...base, ...added]), undefined);
    if (copy.#holdsCheckedFieldsOf(this, false, base)) {
      if (copy.type === 'deny') throw denyTakesNoLimits(); // `type` read again: the value kept is the one checked
      return copy;
    }
    return new Decision({ ...initOf(this), limits: [...(this.limits ?? []), ...added] });
  }

  /** The public fields, in a fixed order (see {@link #checked}). */
  #fields(): Fields {
    return [
      this.type,
      this.reason,
      this.actionId,
      this.policyName,
      this.policyVersion,
      this.mutations,
      this.approval,
      this.route,
      this.sandbox,
      this.audit,
      this.effects,
      this.limits,
      this.labels,
      this.metadata,
    ];
  }

  /**
   * Whether this copy of `from` holds, in every field it copied, the value `from`'s constructor checked. The copy
   * read `from`'s properties once; a field a policy changed (or a getter it defined, which can answer differently
   * each time it is read) shows here, and the caller checks the decision again instead (it fails closed).
   * Comparing the copy, not `from`, means the values checked are the values kept.
   */
  #holdsCheckedFieldsOf(from: Decision, attributed: boolean, limits: readonly Limit[] | undefined): boolean {
    const c = from.#checked;
    // The copy's own tuple holds exactly what it stored. `limits`: the list the copy was built on, as read from
    // `from` once (the copy's own may add to it); attribution fields, when the copy has its own, are not compared.
    if (limits !== c[11]) return false;
    const f = this.#checked;
    for (let i = 0; i < f.length; i++) {
      if (i !== 11 && !(attributed && i >= 2 && i <= 4) && f[i] !== c[i]) return false;
    }
    return true;
  }

  /** The plain JSON form, without undefined fields. */
  toJSON(): DecisionJSON {
    // The fields of `initOf`, in its order, each read once; `undefined` ones left out. Written out rather than
    // copied from `initOf`: a record serialises a decision or two per action.
    const json: Record<string, unknown> = { type: this.type, decisionId: this.decisionId };
    const { reason, actionId, policyName, policyVersion, mutations, approval, route, sandbox, audit } = this;
    if (reason !== undefined) json['reason'] = reason;
    if (actionId !== undefined) json['actionId'] = actionId;
    if (policyName !== undefined) json['policyName'] = policyName;
    if (policyVersion !== undefined) json['policyVersion'] = policyVersion;
    if (mutations !== undefined) json['mutations'] = mutations;
    if (approval !== undefined) json['approval'] = approval;
    if (route !== undefined) json['route'] = route;
    if (sandbox !== undefined) json['sandbox'] = sandbox;
    if (audit !== undefined) json['audit'] = audit;
    const { effects, limits, labels, metadata } = this;
    if (effects !== undefined) json['effects'] = effects.map((effect) => effect.toJSON());
    if (limits !== undefined) json['limits'] = limits;
    if (labels !== undefined) json['labels'] = labels;
    if (metadata !== undefined) json['metadata'] = metadata;
    return json as unknown as DecisionJSON;
  }
}

/** A plain allow with each checked limit alone (`CheckedLimit.alone`), made once and frozen. */
const ALLOWS_WITH_ONE = new WeakMap<readonly Limit[], Decision>();
/** The decision {@link allowWithOne} gave last: a policy attaches the same limit call after call. */
let lastAllowWithOne: Decision | undefined;

/**
 * `plain.withLimits(limit)`, `plain` a plain allow as made, of one checked limit (`limits`, its list of one, the same
 * each time): made once and frozen, and shared as a value is. Most policies attach the same limit on every call; a
 * fresh copy each time, and the check of all fields that a decision that can be changed needs, cost more than the
 * rest of the limit together.
 */
function allowWithOne(plain: Decision, limits: readonly Limit[]): Decision {
  const last = lastAllowWithOne;
  if (last !== undefined && checkedOf(last)[11] === limits) return last;
  let made = ALLOWS_WITH_ONE.get(limits);
  if (made === undefined) {
    made = new Decision(ALLOW_WITH, plain, limits, undefined);
    Object.freeze(made);
    ALLOWS_WITH_ONE.set(limits, made);
  }
  lastAllowWithOne = made;
  return made;
}

/**
 * For the policy engine; not public API (it may change in any release). The limits to reserve of `value` when it is a real decision,
 * still holding every field its constructor checked, that allows and does nothing else but reserve them (it may
 * label, give a reason or carry audit data); `undefined` otherwise. The limits are the checked ones, so the engine
 * needs no copy of a policy's decision to reserve them: see {@link attributedAsChecked}.
 */
export function reservedLimitsOf(value: unknown): readonly Limit[] | undefined {
  if (!Decision.isDecision(value)) return undefined;
  const c = checkedOf(value);
  const limits = c[11];
  if (limits === undefined || c[0] !== 'allow' || c[10] !== undefined) return undefined;
  if (c[5] !== undefined || c[6] !== undefined || c[7] !== undefined || c[8] !== undefined) return undefined;
  // The allow with one limit made last is frozen: its fields are the ones checked.
  return value === lastAllowWithOne || holdsFields(value, c) ? limits : undefined;
}

/**
 * For the policy engine; not public API (it may change in any release). A copy of `decision` attributed to a policy and action, made
 * from the fields its constructor checked, whatever its own fields hold now: the decision an evaluation that read
 * {@link reservedLimitsOf} enforced, when it is read later.
 */
export function attributedAsChecked(decision: Decision, attribution: DecisionAttribution): Decision {
  return new Decision(CHECKED, decision, undefined, attribution);
}

/** For the policy engine; not public API (it may change in any release). The labels of `decision` as checked. */
export function checkedLabelsOf(decision: Decision): readonly string[] | undefined {
  return checkedOf(decision)[12];
}

/** {@link Decision.isDecision}, as a function of its own (a check passed to the validation of effects). */
function isDecision(value: unknown): value is Decision {
  return Decision.isDecision(value);
}
