import { intersectSandbox, newUlid, unionLabels, type Decision, type SandboxConstraints } from '@brane/decisions';
import type {
  ActionInfo,
  ActionType,
  ApprovalView,
  Environment,
  SessionView,
  ShadowDecision,
  StreamView,
} from '@brane/policy-engine';
import type { ActionEnforcement, ActionRoute } from './ActionEnforcement.js';
import { fromInit, type AgentActionInit } from './AgentActionInit.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import type { Identity } from './Identity.js';

export type { AgentActionInit } from './AgentActionInit.js';

type Fn = (...args: unknown[]) => unknown;

/** @internal */
export const TRUSTED: unique symbol = Symbol('AgentAction.trusted');
const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * One attempted use of a capability: who, what, where, and with what. The runtime creates one per governed
 * call; tests can build one directly. Ids and the timestamp are made when first read, so a call that nobody
 * inspects pays for neither.
 *
 * @example
 * const action = new AgentAction({ capability: { name: 'refund_customer', risk: 'high' }, input: { amountUsd: 250 } });
 * const ctx = new PolicyContext({ action });
 */
export class AgentAction implements ActionInfo {
  readonly capability: CapabilityDefinition;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly #identity: Identity;
  #startedAt = 0;
  /** The positional arguments of a call; for a test-built action, `[input]`. */
  #args: readonly unknown[];
  readonly #parent: AgentAction | string | undefined;
  readonly #receiver: unknown;
  readonly #entry: Fn | undefined;
  #input: Readonly<Record<string, unknown>> | undefined;
  #actionId: string | undefined;
  #traceId: string | undefined;
  #output: unknown;
  #stream: StreamView | undefined;
  /** Allocated only when there is something to record beyond a plain allow. */
  #enforcement: ActionEnforcement | undefined;
  /** What the runtime loaded of the action's session, when it belongs to one. */
  #session: SessionView | undefined;
  /** Labels the output carries beyond the capability's `produces`: from policies, or from nested actions. */
  #labels: readonly string[] | undefined;

  constructor(init: AgentActionInit);
  /** @internal The runtime's constructor: its parts are already validated, so nothing is checked or copied. */
  constructor(
    init: typeof TRUSTED,
    capability: CapabilityDefinition,
    identity: Identity,
    args: readonly unknown[],
    parent: AgentAction | undefined,
    receiver: unknown,
    entry: Fn,
  );
  constructor(
    init: AgentActionInit | typeof TRUSTED,
    capability?: CapabilityDefinition,
    identity?: Identity,
    args?: readonly unknown[],
    parent?: AgentAction,
    receiver?: unknown,
    entry?: Fn,
  ) {
    if (init === TRUSTED) {
      this.capability = capability as CapabilityDefinition;
      this.#identity = identity as Identity;
      this.#args = args as readonly unknown[];
      this.#parent = parent;
      this.#receiver = receiver;
      this.#entry = entry;
      this.metadata = NO_METADATA;
    } else {
      const parts = fromInit(init);
      this.capability = parts.capability;
      this.#identity = parts.identity;
      this.#args = parts.args;
      this.#parent = init.parentActionId;
      this.#receiver = undefined;
      this.#entry = undefined;
      this.metadata = init.metadata === undefined ? NO_METADATA : Object.freeze({ ...init.metadata });
      this.#input = Object.freeze({ ...init.input });
      this.#output = init.output;
      if (init.approval !== undefined) this.#enforcement = { approval: init.approval };
      this.#session = init.session;
    }
  }

  /** A ULID, unique per action. */
  get actionId(): string {
    return (this.#actionId ??= newUlid(this.#time()));
  }

  /** Shared by all actions of one request: set by `withContext`, inherited from the parent, or new. */
  get traceId(): string {
    if (this.#traceId !== undefined) return this.#traceId;
    const parent = this.#parent;
    this.#traceId =
      this.#identity.traceId ?? (typeof parent === 'object' ? parent.traceId : undefined) ?? newUlid(this.#time());
    return this.#traceId;
  }

  /** The action that was running when this one started: a nested call. */
  get parentActionId(): string | undefined {
    const parent = this.#parent;
    return typeof parent === 'object' ? parent.actionId : parent;
  }

  /** `tool_call`, `model_call`, ... from the capability's type. */
  get actionType(): ActionType {
    return `${this.capability.type}_call`;
  }

  /** When the action started, ISO 8601. */
  get timestamp(): string {
    return new Date(this.#time()).toISOString();
  }

  get agentId(): string | undefined {
    return this.#identity.agentId;
  }

  get principalId(): string | undefined {
    return this.#identity.principalId;
  }

  get tenantId(): string | undefined {
    return this.#identity.tenantId;
  }

  get environment(): Environment {
    return this.#identity.environment;
  }

  get scopes(): readonly string[] {
    return this.#identity.scopes;
  }

  /** The session (agent run, conversation) the action belongs to. */
  get sessionId(): string | undefined {
    return this.#identity.sessionId;
  }

  /** What the action's policies read of its session, once the runtime loaded it. */
  get session(): SessionView | undefined {
    return this.#session;
  }

  /** @internal Attaches what the runtime loaded of the action's session. */
  attachSession(session: SessionView): void {
    this.#session = session;
  }

  /**
   * The data labels of the action's output: those its capability `produces`, those its policies added
   * (`Decision.label`), and those of the nested actions it ran (what it returns may carry their values).
   */
  get labels(): readonly string[] {
    return unionLabels(this.capability.produces, this.#labels) ?? [];
  }

  /** @internal Adds labels to the output, and to that of every enclosing action: labels flow outwards. */
  addLabels(labels: readonly string[] | undefined): void {
    if (labels === undefined || labels.length === 0) return;
    this.#labels = unionLabels(this.#labels, labels);
    if (typeof this.#parent === 'object') this.#parent.addLabels(labels);
  }

  /** The identity the action runs under. */
  get identity(): Identity {
    return this.#identity;
  }

  /**
   * The arguments exactly as the capability receives them: a snapshot of what the caller passed, or what a
   * `transform_input` decision made of it.
   */
  get args(): readonly unknown[] {
    return this.#args;
  }

  /** The caller's arguments when a `transform_input` replaced them; else `undefined`. */
  get originalArgs(): readonly unknown[] | undefined {
    return this.#enforcement?.originalArgs;
  }

  /**
   * The before-stage decision the runtime enforced when it was more than a plain allow (a composed decision,
   * with its `effects`); `undefined` for a plain allow.
   */
  get decision(): Decision | undefined {
    const enforcement = this.#enforcement;
    return enforcement === undefined ? undefined : (enforcement.decision ?? enforcement.before?.decision);
  }

  /** The decisions of shadow policies, before and after: evaluated and recorded, not enforced. */
  get shadowDecisions(): readonly ShadowDecision[] {
    const enforcement = this.#enforcement;
    if (enforcement === undefined) return [];
    return [...(enforcement.shadow ?? []), ...(enforcement.afterShadow ?? [])];
  }

  /** The approval this action was resumed with, if a human approved it. */
  get approval(): ApprovalView | undefined {
    return this.#enforcement?.approval;
  }

  /** Where a `route` decision sent the action. */
  get route(): ActionRoute | undefined {
    return this.#enforcement?.route;
  }

  /**
   * The constraints a `sandbox` decision put on the execution, intersected with those of the action this
   * one runs inside: what a sandboxed capability calls is held to its sandbox too.
   */
  get sandbox(): SandboxConstraints | undefined {
    const own = this.#enforcement?.sandbox;
    const inherited = typeof this.#parent === 'object' ? this.#parent.sandbox : undefined;
    return own === undefined || inherited === undefined ? (own ?? inherited) : intersectSandbox(own, inherited);
  }

  /** Aborted when a sandbox time limit (its own or its parent's) runs out; pass it to what the body awaits. */
  get signal(): AbortSignal | undefined {
    return this.#enforcement?.signal ?? (typeof this.#parent === 'object' ? this.#parent.signal : undefined);
  }

  /** The after-stage decision, when it was more than a plain allow (a redaction, a transform, a review mark). */
  get afterDecision(): Decision | undefined {
    return this.#enforcement?.afterDecision;
  }

  /** @internal Records what the runtime enforced; replaced args keep the caller's as `originalArgs`. */
  enforce(record: ActionEnforcement & { args?: readonly unknown[] }): void {
    // Field by field, not `{ args, ...rest }` and `Object.assign`: this runs on every call that is not a plain allow.
    const enforcement = (this.#enforcement ??= {}) as Record<string, unknown>;
    // `for...in` rather than `Object.keys`: no list of keys made (the record is an object literal, so every key is its own).
    for (const key in record) if (key !== 'args') enforcement[key] = record[key as keyof typeof record];
    const args = record.args;
    if (args !== undefined && args !== this.#args) {
      enforcement.originalArgs ??= this.#args;
      this.#args = args;
      this.#input = undefined;
    }
  }

  /**
   * @internal Records a before stage that only reserves limits: its decision is attributed when read (see
   * {@link decision}). Its arguments are the action's: a stage that transformed them composes to a
   * `transform_input`, not to an allow. {@link enforce} without a record object or its loop.
   */
  enforceBefore(before: { readonly decision: Decision }, shadow: readonly ShadowDecision[]): void {
    const enforcement = this.#enforcement;
    if (enforcement === undefined) this.#enforcement = { before, shadow };
    else {
      enforcement.before = before;
      enforcement.shadow = shadow;
    }
  }

  /** The arguments by name. */
  get input(): Readonly<Record<string, unknown>> {
    if (this.#input !== undefined) return this.#input;
    const params = this.capability.params;
    if (params === undefined) return (this.#input = (this.#args[0] ?? {}) as Record<string, unknown>);
    const input: Record<string, unknown> = {};
    for (let i = 0; i < params.length; i++) input[params[i] as string] = this.#args[i];
    return (this.#input = input);
  }

  /**
   * The capability's output, recorded when the after stage needs it (after-policies); `undefined` before the
   * capability has run, and for an async call with no after stage.
   */
  get output(): unknown {
    return this.#output;
  }

  /**
   * @internal Whether a call made from this action's body is the same capability delegating to its parent
   * class (`super.method(...args)`): same receiver and name, through another gate, with exactly the args
   * this action was allowed with. Such a call runs without a second evaluation.
   */
  isDelegation(name: string, receiver: unknown, entry: unknown, args: readonly unknown[]): boolean {
    if (this.#receiver !== receiver || this.#entry === entry || this.capability.name !== name) return false;
    if (args.length !== this.#args.length) return false;
    return args.every((arg, i) => Object.is(arg, this.#args[i]));
  }

  /**
   * The action's time, in epoch milliseconds. Reading the clock costs more than the rest of a governed call
   * together, so it is read the first time anything asks (the id, the trace or the timestamp). With no audit
   * sink, that is only ever while the action is observed: during the call, or when its denial is built.
   */
  #time(): number {
    if (this.#startedAt === 0) this.#startedAt = Date.now();
    return this.#startedAt;
  }

  /** @internal Records the output once the capability has run. */
  complete(output: unknown): void {
    this.#output = output;
  }

  /**
   * For a streaming capability: the stream so far while the after-policies decide on a chunk (which is then
   * the `output`); `undefined` before the first chunk.
   */
  get stream(): StreamView | undefined {
    return this.#stream;
  }

  /** @internal Records the chunk under evaluation and the stream delivered before it. */
  streamed(chunk: unknown, stream: StreamView): void {
    this.#output = chunk;
    this.#stream = stream;
  }
}
