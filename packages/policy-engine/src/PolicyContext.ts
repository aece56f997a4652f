import { BraneError, describeValue } from '@brane/errors';
import type { ActionInfo, Environment } from './ActionInfo.js';
import type { ApprovalView } from './ApprovalView.js';
import type { CapabilityInfo } from './CapabilityInfo.js';
import { NO_LIMITS, type LimitsView } from './LimitsView.js';
import type { PolicyStage } from './PolicyStage.js';
import type { SessionView } from './SessionView.js';
import { EMPTY_SESSION } from './emptySession.js';
import type { StreamView } from './StreamView.js';
import { grantsScope } from './grantsScope.js';

/** What a {@link PolicyContext} is built from. */
export interface PolicyContextInit {
  /** The action under evaluation. */
  readonly action: ActionInfo;
  /** The arguments by name (default: `action.input`). */
  readonly args?: Readonly<Record<string, unknown>> | undefined;
  /** The capability's output, at the `after` stage (default: `action.output`). */
  readonly output?: unknown;
  /** Default: `before`. */
  readonly stage?: PolicyStage | undefined;
  /** Metadata of the runtime that evaluates the policy. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** What remains of the runtime's limits (default: a view of no store, where nothing is reserved). */
  readonly limits?: LimitsView | undefined;
}

const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Lets the runtime build a context for an action it made itself, skipping the checks (see `./internal`). A
 * registered symbol, so that the package's entry points, bundled separately, agree on it.
 */
export const TRUSTED_CONTEXT: unique symbol = Symbol.for('@brane/policy-engine.trusted-context');
/** Lets the evaluator read and replace the arguments and output that later policies see. */
export const CONTEXT_STATE: unique symbol = Symbol.for('@brane/policy-engine.context-state');

/** The arguments and output of a context, as the evaluator reads and replaces them. */
export interface ContextState {
  /** The arguments by position, as the capability will receive them. */
  args(): readonly unknown[];
  replaceArgs(args: readonly unknown[]): void;
  output(): unknown;
  replaceOutput(output: unknown): void;
}

/**
 * The view of an action that a policy reads: the capability, its arguments, the identity it runs under and,
 * at the `after` stage, its output.
 *
 * @example
 * const amount = ctx.arg<number>('amountUsd', 0);
 * if (ctx.isProd && ctx.isHighRisk && !ctx.agentHasScope('refunds:create')) return Decision.deny('...');
 */
export class PolicyContext {
  /** The action under evaluation. */
  readonly action: ActionInfo;
  /** `before` or `after` the capability ran. */
  readonly stage: PolicyStage;
  /** Metadata of the runtime that evaluates the policy. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** What remains of the runtime's limits: `ctx.limits.remaining(key)`. */
  readonly limits: LimitsView;
  /** The arguments by name, when a test gave them instead of the action's. */
  #args: Readonly<Record<string, unknown>> | undefined;
  /** The arguments by position once a `transform_input` replaced them. */
  #transformed: readonly unknown[] | undefined;
  #output: unknown;
  #state: ContextState | undefined;

  constructor(init: PolicyContextInit);
  /** The runtime's constructor, for an action and stage it made itself; reachable only through `./internal`. */
  constructor(
    init: typeof TRUSTED_CONTEXT,
    action: ActionInfo,
    stage: PolicyStage,
    output: unknown,
    metadata: Readonly<Record<string, unknown>>,
    limits?: LimitsView,
  );
  constructor(
    init: PolicyContextInit | typeof TRUSTED_CONTEXT,
    action?: ActionInfo,
    stage?: PolicyStage,
    output?: unknown,
    metadata?: Readonly<Record<string, unknown>>,
    limits?: LimitsView,
  ) {
    if (init === TRUSTED_CONTEXT) {
      this.limits = limits ?? NO_LIMITS;
      this.action = action as ActionInfo;
      this.stage = stage as PolicyStage;
      this.#output = output;
      this.metadata = metadata as Readonly<Record<string, unknown>>;
      this.#args = undefined;
      return;
    }
    if (typeof init !== 'object' || init === null || typeof init.action !== 'object' || init.action === null) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `new PolicyContext: expected \`{ action }\` (got ${describeValue(init)})`,
      );
    }
    const capability: unknown = init.action.capability;
    if (
      typeof capability !== 'object' ||
      capability === null ||
      typeof (capability as CapabilityInfo).name !== 'string'
    ) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        'new PolicyContext: `action.capability` must be a capability with a `name`',
      );
    }
    const checkedStage = init.stage ?? 'before';
    if (checkedStage !== 'before' && checkedStage !== 'after') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `new PolicyContext: \`stage\` must be \`before\` or \`after\` (got ${describeValue(checkedStage)})`,
      );
    }
    if (checkedStage === 'before' && init.output !== undefined) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        'new PolicyContext: `output` exists only at the `after` stage; a before-policy runs before the capability',
      );
    }
    this.action = init.action;
    this.stage = checkedStage;
    this.#output = this.stage === 'before' ? undefined : 'output' in init ? init.output : init.action.output;
    this.metadata = init.metadata ?? NO_METADATA;
    this.limits = init.limits ?? NO_LIMITS;
    this.#args = init.args;
  }

  /** The capability being used. */
  get capability(): CapabilityInfo {
    return this.action.capability;
  }

  /** The arguments by name: as the capability will receive them, after any earlier policy's transform. */
  get args(): Readonly<Record<string, unknown>> {
    return this.#args ?? this.action.input;
  }

  /** The capability's output (after any earlier after-policy's redaction or transform); `undefined` before. */
  get output(): unknown {
    return this.#output;
  }

  /**
   * For a streaming capability at the `after` stage: the stream so far (a bounded window of the chunks
   * delivered, and their count). `undefined` otherwise.
   */
  get stream(): StreamView | undefined {
    return this.stage === 'after' ? this.action.stream : undefined;
  }

  /** For a streaming capability at the `after` stage: the position of the chunk in `output`, from 0. */
  get chunkIndex(): number | undefined {
    return this.stream?.chunkIndex;
  }

  /** The approval the action is resumed with, when a human approved it. */
  get approval(): ApprovalView | undefined {
    return this.action.approval;
  }

  /** @internal The evaluator's access to the arguments and output that later policies see. */
  get [CONTEXT_STATE](): ContextState {
    // Made once, of methods rather than arrow functions: the build names every arrow function at run time
    // (`keepNames`), which cost microseconds on the hot path of a call whose decision carries limits.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- methods of the state object reach this context
    const ctx = this;
    return (this.#state ??= {
      args() {
        return ctx.#transformed ?? ctx.#positional();
      },
      replaceArgs(args) {
        const params = ctx.action.capability.params;
        ctx.#transformed = args;
        ctx.#args = params === undefined ? ((args[0] ?? {}) as Record<string, unknown>) : byName(params, args);
      },
      output() {
        return ctx.#output;
      },
      replaceOutput(output) {
        ctx.#output = output;
      },
    });
  }

  /** The arguments by position, from the action or, for a test-built context, from the named ones. */
  #positional(): readonly unknown[] {
    const params = this.action.capability.params;
    if (this.#args === undefined && this.action.args !== undefined) return this.action.args;
    return params === undefined ? [this.args] : params.map((name) => this.#named(name));
  }

  /**
   * The argument `name`, or `fallback` when it was not passed (or is `undefined`). Asking for a name the
   * capability does not declare throws `UNKNOWN_ARGUMENT`, which denies the action: a typo fails closed
   * instead of silently reading the fallback. Use {@link hasArg} in policies that target many capabilities.
   */
  // The type parameter is the caller's statement of the argument's type, as in `ctx.arg<number>('amountUsd', 0)`.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  arg<T = unknown>(name: string): T | undefined;
  arg<T>(name: string, fallback: T): T;
  arg<T>(name: string, fallback?: T): T | undefined {
    const params = this.action.capability.params;
    const index = params === undefined ? -1 : params.indexOf(name);
    if (params !== undefined && index < 0) {
      throw new BraneError(
        'UNKNOWN_ARGUMENT',
        `Capability \`${this.action.capability.name}\` has no argument \`${name}\` (its arguments: ${params.join(', ') || 'none'}). ` +
          'Use ctx.hasArg() in a policy that targets several capabilities.',
        { details: { capability: this.action.capability.name, argument: name, params } },
      );
    }
    const positional = this.#transformed ?? (this.#args === undefined ? this.action.args : undefined);
    const value = positional !== undefined && index >= 0 ? positional[index] : this.#named(name);
    return value === undefined ? fallback : (value as T);
  }

  /** An argument by name, from `args`; only its own keys count (`toString` is not an argument). */
  #named(name: string): unknown {
    const args = this.args;
    return Object.hasOwn(args, name) ? args[name] : undefined;
  }

  /** Whether the capability declares the argument `name` (or, for an object argument, whether it was passed). */
  hasArg(name: string): boolean {
    const params = this.action.capability.params;
    return params === undefined ? Object.hasOwn(this.args, name) : params.includes(name);
  }

  /** The session (agent run, conversation) the action belongs to, if any. */
  get sessionId(): string | undefined {
    return this.action.sessionId;
  }

  /**
   * The session's history: `ctx.session.has({ label: 'secret' })`, `ctx.session.count({ capability: 'send_email',
   * within: '1h' })`, `ctx.session.last(5)`. Empty outside a session.
   */
  get session(): SessionView {
    return this.action.session ?? EMPTY_SESSION;
  }

  /**
   * The labels of values read earlier in the session that argument `name` carries, even inside a longer text
   * (`['pii']` for an email body quoting an account number a `pii` capability returned). Exact tokens only: see
   * the README's "Sessions and data flow". An unknown name throws `UNKNOWN_ARGUMENT`, as {@link arg} does.
   */
  argLabels(name: string): readonly string[] {
    const value = this.arg(name);
    return value === undefined ? [] : this.session.labelsIn(value);
  }

  /** The agent using the capability. */
  get agentId(): string | undefined {
    return this.action.agentId;
  }

  /** The user or service the agent acts for. */
  get principalId(): string | undefined {
    return this.action.principalId;
  }

  /** The tenant the action runs for. */
  get tenantId(): string | undefined {
    return this.action.tenantId;
  }

  /** The environment the action runs in. */
  get environment(): Environment {
    return this.action.environment;
  }

  /** `true` in the `prod` environment. */
  get isProd(): boolean {
    return this.action.environment === 'prod';
  }

  /** `true` when the capability's risk is `high` or `critical`. */
  get isHighRisk(): boolean {
    const risk = this.action.capability.risk;
    return risk === 'high' || risk === 'critical';
  }

  /** `true` when the capability declares side effects, or an effect other than `none` or `read`. */
  get hasSideEffects(): boolean {
    const { sideEffects, effect } = this.action.capability;
    return sideEffects.length > 0 || (effect !== undefined && effect.type !== 'none' && effect.type !== 'read');
  }

  /** Whether the agent was granted `scope`; a grant of `refunds:*` covers `refunds:create`. */
  agentHasScope(scope: string): boolean {
    return grantsScope(this.action.scopes, scope);
  }
}

function byName(params: readonly string[], args: readonly unknown[]): Readonly<Record<string, unknown>> {
  const named: Record<string, unknown> = {};
  for (let i = 0; i < params.length; i++) named[params[i] as string] = args[i];
  return named;
}
