import { AsyncResource } from 'node:async_hooks';
import { Decision } from '@brane/decisions';
import {
  evaluatePolicies,
  isThenable,
  type ApprovalView,
  type Evaluation,
  type EvaluationOptions,
  type LimitsView,
  type PolicyPlans,
  type PolicyRegistry,
  type PolicyStage,
} from '@brane/policy-engine';
import { AfterStage } from './AfterStage.js';
import type { AgentAction } from './AgentAction.js';
import { contextFor } from './contextFor.js';
import { settleQuietly, type ActionRecorder } from './audit/ActionRecorder.js';
import type { AuditTrail } from './audit/AuditTrail.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import type { CapabilityRegistry } from './CapabilityRegistry.js';
import { currentAction, enterAction, exitAction, runAsAction } from './currentAction.js';
import { INVOKE, type Governor, type Invocation } from './governors.js';
import { overrideOf, overrideSignalOf, runWithOverride } from './identityOverrides.js';
import { overrideIdentity, type Identity } from './Identity.js';
import type { InvokerOptions } from './InvokerOptions.js';
import { enforceBefore, plainExecution } from './prepareExecution.js';
import { BodyRunner } from './BodyRunner.js';
import { limitsView } from './limits/limitsView.js';
import type { SessionRecorder } from './SessionRecorder.js';
import { newAction } from './newAction.js';
import { PendingCheck, refusedCall } from './PendingCheck.js';
import { failedStream } from './streams/failedStream.js';
import { governStream, type StreamGovernance } from './streams/governStream.js';
import { streamGovernance } from './streams/streamGovernance.js';
import type { Target } from './TargetDirectory.js';

const ALLOW = Decision.allow();
const NO_EFFECTS: readonly Decision[] = Object.freeze([]);

/**
 * Runs the lifecycle of one governed call: create the action, evaluate the before-policies, enforce their
 * decision, execute, evaluate the after-policies, return or throw. A synchronous capability stays
 * synchronous; an async one reports every deny as a rejected promise. A plain allow takes the fast path;
 * every other decision goes through {@link prepareExecution}.
 */
export class CapabilityInvoker implements Governor {
  readonly #policies: PolicyRegistry;
  readonly #capabilities: CapabilityRegistry;
  /** What only decisions other than a plain allow need. */
  readonly #enforcement: Pick<InvokerOptions, 'targets' | 'approvals' | 'waitForApproval' | 'limits'>;
  readonly #baseIdentity: Identity;
  /** Until `withContext` is first used, the overrides store is empty everywhere, and reading it is skipped. */
  #overridden = false;
  readonly #metadata: Readonly<Record<string, unknown>>;
  readonly #modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>;
  readonly #allowsByDefault: boolean;
  /** `ctx.limits`: what remains in the runtime's limit store. */
  readonly #limitsView: LimitsView;
  /** The after stage: output effects, after-policies, their verdict. */
  readonly #after: AfterStage;
  /** Runs a body once its before stage allowed it: limits, decision record, labels. */
  readonly #body: BodyRunner;
  /** The audit trail; when set, every call takes the recorded path. */
  readonly #audit: AuditTrail | undefined;
  /** Loads each action's session before its policies run, and records it once it has run. */
  readonly #sessions: SessionRecorder;
  /** How streaming capabilities are governed. */
  readonly #streams: StreamGovernance;
  /** A check of the runtime's setup that the next governed call runs first (the policies' targets are known). */
  readonly #pending = new PendingCheck();

  constructor(options: InvokerOptions) {
    this.#policies = options.policies;
    this.#capabilities = options.capabilities;
    this.#enforcement = options;
    this.#baseIdentity = options.identity;
    this.#metadata = options.metadata;
    const mode = (async: boolean): Record<PolicyStage, EvaluationOptions> => ({
      before: { whenNoneMatch: options.defaultDecision, async, timeoutMs: options.policyTimeoutMs },
      after: { whenNoneMatch: ALLOW, async, timeoutMs: options.policyTimeoutMs },
    });
    this.#modes = { sync: mode(false), async: mode(true) };
    this.#allowsByDefault = options.defaultDecision.allowed;
    this.#audit = options.audit;
    this.#limitsView = limitsView(options.limits.store);
    this.#sessions = options.sessions;
    this.#after = new AfterStage(this.#modes, this.#metadata, this.#limitsView, this.#sessions);
    this.#body = new BodyRunner(options.limits, this.#sessions);
    const streamed = { before: this.#modes.async.before, after: this.#after, limits: this.#limitsView };
    this.#streams = streamGovernance(this, options, streamed);
  }

  /** Whether the runtime registered `definition`, so that its gate may hand this invoker the call. */
  governs(definition: CapabilityDefinition): boolean {
    return this.#capabilities.has(definition);
  }

  /** The identity actions run under right now: the runtime's, overridden by any enclosing `withContext`. */
  identity(): Identity {
    return this.#overridden ? (overrideOf(this) ?? this.#baseIdentity) : this.#baseIdentity;
  }

  /** The signal of the request calls are made for right now: that of any enclosing `withContext`. */
  signal(): AbortSignal | undefined {
    return this.#overridden ? overrideSignalOf(this) : undefined;
  }

  /** Runs `fn` with `identity` as the identity of every action it starts, for the request `signal` (`withContext`). */
  runWithIdentity<T>(identity: Identity, fn: () => T, signal?: AbortSignal): T {
    this.#overridden = true;
    return runWithOverride(this, identity, fn, signal);
  }

  /**
   * Has the next governed call run `check` first: while it throws, every call is refused with its error (as a
   * rejected promise for an async capability); once it passes, calls no longer run it.
   */
  checkBeforeNextCall(check: () => void): void {
    this.#pending.set(check);
  }

  /** Governs one call. */
  [INVOKE](invocation: Invocation, receiver: unknown, args: unknown[]): unknown {
    const refused = this.#pending.run();
    if (refused !== undefined) return refusedCall(invocation.definition, refused);
    const parent = currentAction();
    if (parent?.isDelegation(invocation.definition.name, receiver, invocation.entry, args)) {
      return invocation.original.apply(receiver, args);
    }
    return this.#dispatch(invocation, receiver, args, parent, undefined);
  }

  /** Governs a call on the path its capability and the runtime need: a stream, audited, async or sync. */
  #dispatch(
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
    approval: ApprovalView | undefined,
  ): unknown {
    const { definition } = invocation;
    if (definition.stream) return this.#stream(invocation, receiver, args, parent, approval);
    if (this.#audit !== undefined) {
      return this.#invokeAudited(this.#audit.recorder(), invocation, receiver, args, parent, approval);
    }
    return definition.async
      ? this.#invokeAsync(invocation, receiver, args, parent, approval)
      : this.#invokeSync(invocation, receiver, args, parent, approval);
  }

  /**
   * Runs the action that approval `approvalId` was requested for, on `target`, exactly once (`runtime.resume`);
   * its before-policies see the approval in `ctx.approval`. `signal`: the waiting caller's (`wait: true`); once
   * it has aborted, the request is withdrawn instead of claimed.
   */
  resume(approvalId: string, { invocation, receiver }: Target, signal?: AbortSignal): Promise<unknown> {
    const { definition } = invocation;
    const refused = this.#pending.run();
    if (refused !== undefined) return Promise.reject(refused);
    const identity = this.identity();
    return this.#enforcement.approvals.resume(approvalId, definition, identity, signal, (args, approval, sessionId) => {
      const run = (): unknown => this.#dispatch(invocation, receiver, args, undefined, approval);
      // A resumed action keeps the session it was requested in (sealed in the record), whoever resumes it.
      if (sessionId === identity.sessionId) return run();
      return this.runWithIdentity(overrideIdentity(identity, { sessionId }), run, this.signal());
    });
  }

  /**
   * A call with an audit trail: every decision goes through the enforcement path, where `rec` records it,
   * and the call's end (its result, or the error it throws) completes the record.
   */
  #invokeAudited(
    rec: ActionRecorder,
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
    approval?: ApprovalView,
  ): unknown {
    let result: unknown;
    try {
      const plans = this.#policies.plans(invocation.definition.name);
      const action = newAction(invocation, this.identity(), receiver, args, parent, approval);
      rec.begin(action);
      const mode = invocation.definition.async ? this.#modes.async : this.#modes.sync;
      const before = this.#evaluateBefore(action, plans, rec.observing(mode.before));
      result = invocation.definition.async
        ? this.#enforceAsync(invocation, receiver, action, plans, before, rec)
        : this.#enforceSync(invocation, receiver, action, plans, before as Evaluation, rec);
    } catch (error) {
      settleQuietly(rec.failed(error));
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown
      if (invocation.definition.async) return Promise.reject(error);
      throw error;
    }
    if (!isThenable(result)) {
      settleQuietly(rec.succeeded());
      return result;
    }
    // Plain callbacks: an async frame costs promises, each tracked by every `AsyncLocalStorage` in the process.
    return Promise.resolve(result).then(
      (value) => rec.resolvedTo(value),
      (error: unknown) => rec.rejectedWith(error),
    );
  }

  #invokeSync(
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
    approval: ApprovalView | undefined,
  ): unknown {
    const plans = this.#policies.plans(invocation.definition.name);
    const action = newAction(invocation, this.identity(), receiver, args, parent, approval);
    // A synchronous capability belongs to sessions only over a synchronous store (checked when governed).
    void this.#sessions.attach(action);
    if (approval !== undefined || this.#mustEvaluate(plans, action)) {
      const before = evaluatePolicies(
        plans.before,
        contextFor(action, 'before', this.#metadata, this.#limitsView),
        this.#modes.sync.before,
      ) as Evaluation;
      // An allow that only reserves limits, with nothing to give back at the end, then runs as a plain allow.
      if (!this.#body.runsPlain(action, before)) return this.#enforceSync(invocation, receiver, action, plans, before);
      if (before.shadow.length > 0) action.enforce({ shadow: before.shadow });
      action.addLabels(before.labels);
    }
    // The hot path runs the body inline: through callAsAction it measured ~10 ns slower in A/B runs.
    const previous = enterAction(action);
    let output: unknown;
    try {
      output = invocation.original.apply(receiver, action.args as unknown[]);
    } catch (error) {
      if (action.sessionId !== undefined) this.#sessions.recordFailure(action);
      throw error;
    } finally {
      exitAction(previous);
    }
    // A plain function that returned a promise gets its after-policies once the promise settles.
    if (isThenable(output)) return this.#after.async(action, plans.after, output, NO_EFFECTS);
    return this.#after.sync(action, plans.after, output, NO_EFFECTS);
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
    approval: ApprovalView | undefined,
  ): Promise<unknown> {
    try {
      const plans = this.#policies.plans(invocation.definition.name);
      const action = newAction(invocation, this.identity(), receiver, args, parent, approval);
      if (action.sessionId !== undefined) {
        const before = this.#evaluateBefore(action, plans, this.#modes.async.before);
        return this.#enforceAsync(invocation, receiver, action, plans, before);
      }
      if (approval !== undefined || this.#mustEvaluate(plans, action)) {
        const before = evaluatePolicies(
          plans.before,
          contextFor(action, 'before', this.#metadata, this.#limitsView),
          this.#modes.async.before,
        );
        if (before instanceof Promise || !before.allowed) {
          return this.#enforceAsync(invocation, receiver, action, plans, before);
        }
        if (before.shadow.length > 0) action.enforce({ shadow: before.shadow });
        action.addLabels(before.labels);
      }
      const pending = runAsAction(action, invocation.original, receiver, action.args);
      if (plans.after.length > 0 || action.sessionId !== undefined) {
        return this.#after.async(action, plans.after, pending, NO_EFFECTS);
      }
      return pending instanceof Promise ? pending : Promise.resolve(pending);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown
      return Promise.reject(error);
    }
  }

  /** A synchronous call whose before-stage decision is not a plain allow (or any call, audited). */
  #enforceSync(
    invocation: Invocation,
    receiver: unknown,
    action: AgentAction,
    plans: PolicyPlans,
    before: Evaluation,
    rec?: ActionRecorder,
  ): unknown {
    rec?.enforced('before', before);
    // A plain allow runs the capability itself, with no execution plan to build.
    const execution = before.allowed
      ? plainExecution(action, before, invocation, receiver)
      : enforceBefore(action, before, invocation, receiver, this.#enforcement);
    if (execution instanceof Decision) throw this.#enforcement.approvals.request(action, execution, false);
    const output = this.#body.sync(action, before, execution, rec, this.signal());
    if (isThenable(output)) return this.#after.async(action, plans.after, output, execution.outputEffects, rec);
    return this.#after.sync(action, plans.after, output, execution.outputEffects, rec);
  }

  /** An async call whose before stage is still pending, or decided something other than a plain allow. */
  async #enforceAsync(
    invocation: Invocation,
    receiver: unknown,
    action: AgentAction,
    plans: PolicyPlans,
    pendingBefore: Evaluation | Promise<Evaluation>,
    rec?: ActionRecorder,
  ): Promise<unknown> {
    const before = isThenable(pendingBefore) ? await pendingBefore : pendingBefore;
    rec?.enforced('before', before);
    const execution = before.allowed
      ? plainExecution(action, before, invocation, receiver)
      : enforceBefore(action, before, invocation, receiver, this.#enforcement);
    if (execution instanceof Decision) {
      const required = await this.#enforcement.approvals.request(action, execution, true);
      if (!this.#enforcement.waitForApproval) throw required;
      const signal = this.signal(); // an abandoned caller's request is withdrawn, never run
      await this.#enforcement.approvals.waitFor(required.approvalId, signal);
      return this.resume(required.approvalId, { invocation, receiver }, signal);
    }
    const started = this.#body.start(action, before, execution, rec, this.signal());
    const { pending } = isThenable(started) ? await started : started;
    return this.#after.async(action, plans.after, pending, execution.outputEffects, rec);
  }

  /**
   * A call of a streaming capability: its action is made now, under the caller's identity and parent; the
   * rest happens as the consumer reads (see {@link governStream}).
   */
  #stream(
    invocation: Invocation,
    receiver: unknown,
    args: unknown[],
    parent: AgentAction | undefined,
    approval: ApprovalView | undefined,
  ): AsyncGenerator<unknown, void, undefined> {
    try {
      const action = newAction(invocation, this.identity(), receiver, args, parent, approval);
      const scope = new AsyncResource('BraneStream');
      const call = { action, invocation, receiver, rec: this.#audit?.recorder(), signal: this.signal(), scope };
      return governStream(call, this.#streams); // an async generator: nothing runs until it is read
    } catch (error) {
      return failedStream(error);
    }
  }

  /** The before stage of `action` under `mode`, once its session is loaded (a promise while that waits). */
  #evaluateBefore(action: AgentAction, plans: PolicyPlans, mode: EvaluationOptions): Evaluation | Promise<Evaluation> {
    const evaluate = (): Evaluation | Promise<Evaluation> =>
      evaluatePolicies(plans.before, contextFor(action, 'before', this.#metadata, this.#limitsView), mode);
    const loading = this.#sessions.attach(action);
    return loading === undefined ? evaluate() : loading.then(evaluate);
  }

  /** Whether the before stage can decide anything but allow (a policy, required scopes, a default deny). */
  #mustEvaluate(plans: PolicyPlans, action: AgentAction): boolean {
    return plans.before.length > 0 || action.capability.scopes.length > 0 || !this.#allowsByDefault;
  }
}
