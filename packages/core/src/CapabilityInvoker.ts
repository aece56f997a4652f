import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import {
  PolicyContext,
  evaluatePolicies,
  isThenable,
  type Evaluation,
  type EvaluationOptions,
  type Policy,
  type PolicyPlans,
  type PolicyRegistry,
  type PolicyStage,
} from '@brane/policy-engine';
import { TRUSTED_CONTEXT } from '@brane/policy-engine/internal';
import { AsyncLocalStorage } from 'node:async_hooks';
import { AgentAction, TRUSTED } from './AgentAction.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import type { CapabilityRegistry } from './CapabilityRegistry.js';
import { currentAction, enterAction, exitAction, runAsAction } from './currentAction.js';
import { INVOKE, type Governor, type Invocation } from './governors.js';
import type { Identity } from './Identity.js';
import { snapshotArgs } from './snapshotArgs.js';

/** What an invoker works with: its runtime's registries and identity, and how it evaluates. */
export interface InvokerOptions {
  readonly policies: PolicyRegistry;
  readonly capabilities: CapabilityRegistry;
  /** The runtime's own identity. */
  readonly identity: Identity;
  readonly defaultDecision: Decision;
  readonly policyTimeoutMs: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

const ALLOW = Decision.allow();

/**
 * Runs the lifecycle of one governed call: create the action, evaluate the before-policies, execute,
 * evaluate the after-policies, return or throw. A synchronous capability stays synchronous; an async one
 * reports every deny as a rejected promise.
 */
export class CapabilityInvoker implements Governor {
  readonly #policies: PolicyRegistry;
  readonly #capabilities: CapabilityRegistry;
  /** Where `withContext` keeps its overrides. */
  readonly #overrides = new AsyncLocalStorage<Identity>();
  readonly #baseIdentity: Identity;
  /** Until `withContext` is first used, the overrides store is empty everywhere, and reading it is skipped. */
  #overridden = false;
  readonly #metadata: Readonly<Record<string, unknown>>;
  readonly #modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>;
  readonly #allowsByDefault: boolean;

  constructor(options: InvokerOptions) {
    this.#policies = options.policies;
    this.#capabilities = options.capabilities;
    this.#baseIdentity = options.identity;
    this.#metadata = options.metadata;
    const mode = (async: boolean): Record<PolicyStage, EvaluationOptions> => ({
      before: { whenNoneMatch: options.defaultDecision, async, timeoutMs: options.policyTimeoutMs },
      after: { whenNoneMatch: ALLOW, async, timeoutMs: options.policyTimeoutMs },
    });
    this.#modes = { sync: mode(false), async: mode(true) };
    this.#allowsByDefault = options.defaultDecision.allowed;
  }

  /** Whether the runtime registered `definition`, so that its gate may hand this invoker the call. */
  governs(definition: CapabilityDefinition): boolean {
    return this.#capabilities.has(definition);
  }

  /** The identity actions run under right now: the runtime's, overridden by any enclosing `withContext`. */
  identity(): Identity {
    return this.#overridden ? (this.#overrides.getStore() ?? this.#baseIdentity) : this.#baseIdentity;
  }

  /** Runs `fn` with `identity` as the identity of every action it starts (`runtime.withContext`). */
  runWithIdentity<T>(identity: Identity, fn: () => T): T {
    this.#overridden = true;
    return this.#overrides.run(identity, fn);
  }

  /** Governs one call. */
  [INVOKE](invocation: Invocation, receiver: unknown, args: unknown[]): unknown {
    const parent = currentAction();
    if (parent?.isDelegation(invocation.definition.name, receiver, invocation.entry, args)) {
      return invocation.original.apply(receiver, args);
    }
    return invocation.definition.async
      ? this.#invokeAsync(invocation, receiver, args, parent)
      : this.#invokeSync(invocation, receiver, args, parent);
  }

  #invokeSync(invocation: Invocation, receiver: unknown, args: unknown[], parent: AgentAction | undefined): unknown {
    const plans = this.#policies.plans(invocation.definition.name);
    const action = this.#createAction(invocation, receiver, args, parent);
    if (this.#mustEvaluate(plans, action)) {
      const before = evaluatePolicies(plans.before, this.#context(action, 'before'), this.#modes.sync.before);
      if (!(before as Evaluation).allowed) throw denied(before as Evaluation, action, 'before');
    }
    const previous = enterAction(action);
    let output: unknown;
    try {
      output = invocation.original.apply(receiver, action.args as unknown[]);
    } finally {
      exitAction(previous);
    }
    // A plain function that returned a promise gets its after-policies once the promise settles.
    if (isThenable(output)) return this.#afterAsync(action, plans.after, output);
    action.complete(output);
    if (plans.after.length === 0) return output;
    const after = evaluatePolicies(plans.after, this.#context(action, 'after'), this.#modes.sync.after) as Evaluation;
    if (!after.allowed) throw denied(after, action, 'after');
    return output;
  }

  /**
   * An async call. When every before-policy decides synchronously and no after-policy matches, the caller
   * gets the body's own promise: no extra async frame or microtask on the hot path. Every failure, even one
   * found synchronously, is a rejected promise.
   */
  #invokeAsync(
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
  ): Promise<unknown> {
    try {
      const plans = this.#policies.plans(invocation.definition.name);
      const action = this.#createAction(invocation, receiver, args, parent);
      if (this.#mustEvaluate(plans, action)) {
        const before = evaluatePolicies(plans.before, this.#context(action, 'before'), this.#modes.async.before);
        if (before instanceof Promise) return this.#continueAsync(invocation, receiver, action, plans.after, before);
        if (!before.allowed) return Promise.reject(denied(before, action, 'before'));
      }
      const pending = runAsAction(action, invocation.original, receiver, action.args);
      if (plans.after.length > 0) return this.#afterAsync(action, plans.after, pending);
      return pending instanceof Promise ? pending : Promise.resolve(pending);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown
      return Promise.reject(error);
    }
  }

  async #continueAsync(
    invocation: Invocation,
    receiver: unknown,
    action: AgentAction,
    after: readonly Policy[],
    pendingBefore: Promise<Evaluation>,
  ): Promise<unknown> {
    const before = await pendingBefore;
    if (!before.allowed) throw denied(before, action, 'before');
    return this.#afterAsync(action, after, runAsAction(action, invocation.original, receiver, action.args));
  }

  async #afterAsync(action: AgentAction, plan: readonly Policy[], pending: unknown): Promise<unknown> {
    const output = await pending;
    action.complete(output);
    if (plan.length === 0) return output;
    let after = evaluatePolicies(plan, this.#context(action, 'after'), this.#modes.async.after);
    if (after instanceof Promise) after = await after;
    if (!after.allowed) throw denied(after, action, 'after');
    return output;
  }

  #createAction(
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
  ): AgentAction {
    const capability = invocation.definition;
    const snapshot = snapshotArgs(capability, args);
    return new AgentAction(TRUSTED, capability, this.identity(), snapshot, parent, receiver, invocation.entry);
  }

  /**
   * Whether the before stage can decide anything but allow: some policy matches, the capability requires
   * scopes, or the runtime denies by default. When it cannot, evaluating it would only allocate.
   */
  #mustEvaluate(plans: PolicyPlans, action: AgentAction): boolean {
    return plans.before.length > 0 || action.capability.scopes.length > 0 || !this.#allowsByDefault;
  }

  #context(action: AgentAction, stage: PolicyStage): PolicyContext {
    const output = stage === 'after' ? action.output : undefined;
    return new PolicyContext(TRUSTED_CONTEXT, action, stage, output, this.#metadata);
  }
}

function denied(evaluation: Evaluation, action: AgentAction, stage: PolicyStage): CapabilityDeniedError {
  return new CapabilityDeniedError({
    decision: evaluation.decision,
    capability: action.capability.name,
    stage,
    actionId: action.actionId,
    cause: evaluation.cause,
  });
}
