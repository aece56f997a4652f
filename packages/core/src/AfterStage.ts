import type { Decision } from '@brane/decisions';
import {
  cannotHonour,
  evaluatePolicies,
  type Evaluation,
  type EvaluationOptions,
  type Policy,
  type PolicyStage,
  type LimitsView,
  type StreamView,
} from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';
import type { ActionRecorder } from './audit/ActionRecorder.js';
import { contextFor } from './contextFor.js';
import { deniedBy } from './denials.js';
import { applyOutputEffects } from './prepareExecution.js';
import { finishOutput } from './outputFinisher.js';
import type { SessionRecorder } from './SessionRecorder.js';

/**
 * The after stage of a governed call: the before-policies' redactions and output transforms, then the
 * after-policies, then their verdict (the output as they left it, or a deny).
 */
export class AfterStage {
  readonly #modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>;
  readonly #metadata: Readonly<Record<string, unknown>>;
  readonly #limits: LimitsView;
  readonly #sessions: SessionRecorder;

  constructor(
    modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>,
    metadata: Readonly<Record<string, unknown>>,
    limits: LimitsView,
    sessions: SessionRecorder,
  ) {
    this.#modes = modes;
    this.#metadata = metadata;
    this.#limits = limits;
    this.#sessions = sessions;
  }

  /** Applies output effects, runs the after-policies of a synchronous call, and returns its output. */
  sync(
    action: AgentAction,
    plan: readonly Policy[],
    raw: unknown,
    effects: readonly Decision[],
    rec?: ActionRecorder,
  ): unknown {
    rec?.executed();
    if (action.sessionId !== undefined) return this.#syncInSession(action, plan, raw, effects, rec);
    const output = this.#withEffects(action, raw, effects);
    action.complete(output);
    if (plan.length === 0) return finishOutput(action.capability, raw, output);
    const mode = rec === undefined ? this.#modes.sync.after : rec.observing(this.#modes.sync.after);
    const after = evaluatePolicies(plan, contextFor(action, 'after', this.#metadata, this.#limits), mode) as Evaluation;
    return finishOutput(action.capability, raw, this.#enforceAfter(action, after, rec));
  }

  /** {@link sync} for an action of a session: its end (output returned, or withheld) is recorded. */
  #syncInSession(
    action: AgentAction,
    plan: readonly Policy[],
    raw: unknown,
    effects: readonly Decision[],
    rec?: ActionRecorder,
  ): unknown {
    let output: unknown;
    try {
      output = this.#withEffects(action, raw, effects);
      action.complete(output);
      if (plan.length > 0) {
        const mode = rec === undefined ? this.#modes.sync.after : rec.observing(this.#modes.sync.after);
        const after = evaluatePolicies(
          plan,
          contextFor(action, 'after', this.#metadata, this.#limits),
          mode,
        ) as Evaluation;
        output = this.#enforceAfter(action, after, rec);
      }
      output = finishOutput(action.capability, raw, output);
    } catch (error) {
      this.#sessions.recordFailure(action);
      throw error;
    }
    // The store is synchronous (a runtime refuses synchronous capabilities over any other).
    void this.#sessions.record(action, 'succeeded', output);
    return output;
  }

  /** The same, once the output of an async call (or a promise from a plain function) settles. */
  async(
    action: AgentAction,
    plan: readonly Policy[],
    pending: unknown,
    effects: readonly Decision[],
    rec?: ActionRecorder,
  ): Promise<unknown> {
    // Outside a session, one `then` on the body's promise: async frames cost promises that every
    // `AsyncLocalStorage` in the process tracks.
    if (action.sessionId === undefined) {
      return Promise.resolve(pending).then((raw) => this.#settled(action, plan, raw, effects, rec));
    }
    return this.#asyncInSession(action, plan, pending, effects, rec);
  }

  /** {@link async} for an action of a session: its end (output returned, or withheld) is recorded. */
  async #asyncInSession(
    action: AgentAction,
    plan: readonly Policy[],
    pending: unknown,
    effects: readonly Decision[],
    rec?: ActionRecorder,
  ): Promise<unknown> {
    let output: unknown;
    try {
      output = await this.#settled(action, plan, await pending, effects, rec);
    } catch (error) {
      this.#sessions.recordFailure(action);
      throw error;
    }
    await this.#sessions.record(action, 'succeeded', output);
    return output;
  }

  /** The after stage of an async call whose body returned `raw`: the output, or a promise while a policy decides. */
  #settled(
    action: AgentAction,
    plan: readonly Policy[],
    raw: unknown,
    effects: readonly Decision[],
    rec: ActionRecorder | undefined,
  ): unknown {
    rec?.executed();
    const output = this.#withEffects(action, raw, effects);
    action.complete(output);
    if (plan.length === 0) return finishOutput(action.capability, raw, output);
    const mode = rec === undefined ? this.#modes.async.after : rec.observing(this.#modes.async.after);
    const after = evaluatePolicies(plan, contextFor(action, 'after', this.#metadata, this.#limits), mode);
    if (after instanceof Promise) {
      return after.then((decided) => finishOutput(action.capability, raw, this.#enforceAfter(action, decided, rec)));
    }
    return finishOutput(action.capability, raw, this.#enforceAfter(action, after, rec));
  }

  /**
   * The after stage of one chunk of a stream: the before-policies' redactions and transforms, then the
   * after-policies, which see the chunk as `ctx.output` and the stream so far as `ctx.stream`. Returns the
   * chunk as they left it, or throws a deny. The record lists each policy's outcome up to its bound
   * (`MAX_POLICY_OUTCOMES`: past it, allows are only counted), so that a long stream's record stays small.
   */
  async chunk(
    action: AgentAction,
    plan: readonly Policy[],
    raw: unknown,
    effects: readonly Decision[],
    stream: StreamView,
    rec?: ActionRecorder,
  ): Promise<unknown> {
    const output = this.#withEffects(action, raw, effects);
    action.streamed(output, stream);
    if (plan.length === 0) return output;
    const mode = rec === undefined ? this.#modes.async.after : rec.observing(this.#modes.async.after);
    let after = evaluatePolicies(plan, contextFor(action, 'after', this.#metadata, this.#limits), mode);
    if (after instanceof Promise) after = await after;
    const plain = after.allowed && after.decision.type === 'allow' && after.shadow.length === 0;
    return this.#enforceAfter(action, after, plain ? undefined : rec);
  }

  /** The output with the before-policies' redactions and transforms applied; withheld if they cannot be. */
  #withEffects(action: AgentAction, output: unknown, effects: readonly Decision[]): unknown {
    if (effects.length === 0) return output;
    try {
      return applyOutputEffects(output, effects);
    } catch (error) {
      const effect = effects[0] as Decision;
      throw deniedBy(cannotHonour(effect, error instanceof Error ? error.message : String(error)), action, 'after');
    }
  }

  /** The after stage's verdict: the output (as redacted or transformed), or a deny. */
  #enforceAfter(action: AgentAction, after: Evaluation, rec?: ActionRecorder): unknown {
    rec?.enforced('after', after);
    if (after.shadow.length > 0) action.enforce({ afterShadow: after.shadow });
    if (after.allowed) {
      action.addLabels(after.labels);
      return after.output;
    }
    const decision = after.decision;
    action.enforce({ afterDecision: decision });
    if (decision.type === 'deny') throw deniedBy(decision, action, 'after', after.cause);
    action.addLabels(after.labels);
    return after.output;
  }
}
