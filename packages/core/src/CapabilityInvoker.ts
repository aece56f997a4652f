import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import {
  PolicyContext,
  evaluatePolicies,
  isThenable,
  type Evaluation,
  type EvaluationOptions,
  type PolicyRegistry,
  type PolicyStage,
} from '@brane/policy-engine';
import { AgentAction, TRUSTED } from './AgentAction.js';
import { currentAction, enterAction, exitAction, runAsAction } from './currentAction.js';
import type { Invocation } from './governors.js';
import type { Identity } from './Identity.js';
import { snapshotArgs } from './snapshotArgs.js';

/** How an invoker evaluates. */
export interface InvokerOptions {
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
export class CapabilityInvoker {
  readonly #policies: PolicyRegistry;
  readonly #identity: () => Identity;
  readonly #metadata: Readonly<Record<string, unknown>>;
  readonly #modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>;

  constructor(policies: PolicyRegistry, identity: () => Identity, options: InvokerOptions) {
    this.#policies = policies;
    this.#identity = identity;
    this.#metadata = options.metadata;
    const mode = (async: boolean): Record<PolicyStage, EvaluationOptions> => ({
      before: { whenNoneMatch: options.defaultDecision, async, timeoutMs: options.policyTimeoutMs },
      after: { whenNoneMatch: ALLOW, async, timeoutMs: options.policyTimeoutMs },
    });
    this.#modes = { sync: mode(false), async: mode(true) };
  }

  /** Governs one call. */
  invoke(invocation: Invocation, receiver: unknown, args: unknown[]): unknown {
    const parent = currentAction();
    if (parent?.isDelegation(invocation.definition.name, receiver, invocation.entry, args)) {
      return invocation.original.apply(receiver, args);
    }
    return invocation.definition.async
      ? this.#invokeAsync(invocation, receiver, args, parent)
      : this.#invokeSync(invocation, receiver, args, parent);
  }

  #invokeSync(invocation: Invocation, receiver: unknown, args: unknown[], parent: AgentAction | undefined): unknown {
    const action = this.#createAction(invocation, receiver, args, parent);
    const before = evaluatePolicies(
      this.#plan(action, 'before'),
      this.#context(action, 'before'),
      this.#modes.sync.before,
    );
    if (!(before as Evaluation).allowed) throw denied(before as Evaluation, action, 'before');
    const previous = enterAction(action);
    let output: unknown;
    try {
      output = invocation.original.apply(receiver, action.args as unknown[]);
    } finally {
      exitAction(previous);
    }
    if (isThenable(output)) return this.#afterAsync(action, output); // a plain function that returned a promise
    return this.#afterSync(action, output);
  }

  async #invokeAsync(
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
  ): Promise<unknown> {
    const action = this.#createAction(invocation, receiver, args, parent);
    const before = await evaluatePolicies(
      this.#plan(action, 'before'),
      this.#context(action, 'before'),
      this.#modes.async.before,
    );
    if (!before.allowed) throw denied(before, action, 'before');
    const pending = runAsAction(action, () => invocation.original.apply(receiver, action.args as unknown[]));
    return this.#afterAsync(action, pending);
  }

  #afterSync(action: AgentAction, output: unknown): unknown {
    action.complete(output);
    const plan = this.#plan(action, 'after');
    if (plan.length === 0) return output;
    const after = evaluatePolicies(plan, this.#context(action, 'after'), this.#modes.sync.after) as Evaluation;
    if (!after.allowed) throw denied(after, action, 'after');
    return output;
  }

  async #afterAsync(action: AgentAction, pending: unknown): Promise<unknown> {
    const output = await pending;
    action.complete(output);
    const plan = this.#plan(action, 'after');
    if (plan.length === 0) return output;
    const after = await evaluatePolicies(plan, this.#context(action, 'after'), this.#modes.async.after);
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
    return new AgentAction(
      {
        capability,
        identity: this.#identity(),
        args: snapshotArgs(capability, args),
        parent,
        receiver,
        entry: invocation.entry,
      },
      TRUSTED,
    );
  }

  #plan(action: AgentAction, stage: PolicyStage) {
    return this.#policies.plan(action.capability.name, stage);
  }

  #context(action: AgentAction, stage: PolicyStage): PolicyContext {
    return new PolicyContext({
      action,
      stage,
      output: stage === 'after' ? action.output : undefined,
      metadata: this.#metadata,
    });
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
