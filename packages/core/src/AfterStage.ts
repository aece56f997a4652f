import type { Decision } from '@brane/decisions';
import {
  cannotHonour,
  evaluatePolicies,
  type Evaluation,
  type EvaluationOptions,
  type Policy,
  type PolicyStage,
} from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';
import type { ActionRecorder } from './audit/ActionRecorder.js';
import { contextFor } from './contextFor.js';
import { deniedBy } from './denials.js';
import { applyOutputEffects } from './prepareExecution.js';

/**
 * The after stage of a governed call: the before-policies' redactions and output transforms, then the
 * after-policies, then their verdict (the output as they left it, or a deny).
 */
export class AfterStage {
  readonly #modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>;
  readonly #metadata: Readonly<Record<string, unknown>>;

  constructor(
    modes: Record<'sync' | 'async', Record<PolicyStage, EvaluationOptions>>,
    metadata: Readonly<Record<string, unknown>>,
  ) {
    this.#modes = modes;
    this.#metadata = metadata;
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
    const output = this.#withEffects(action, raw, effects);
    action.complete(output);
    if (plan.length === 0) return output;
    const mode = rec === undefined ? this.#modes.sync.after : rec.observing(this.#modes.sync.after);
    const after = evaluatePolicies(plan, contextFor(action, 'after', this.#metadata), mode) as Evaluation;
    return this.#enforceAfter(action, after, rec);
  }

  /** The same, once the output of an async call (or a promise from a plain function) settles. */
  async async(
    action: AgentAction,
    plan: readonly Policy[],
    pending: unknown,
    effects: readonly Decision[],
    rec?: ActionRecorder,
  ): Promise<unknown> {
    const raw = await pending;
    rec?.executed();
    const output = this.#withEffects(action, raw, effects);
    action.complete(output);
    if (plan.length === 0) return output;
    const mode = rec === undefined ? this.#modes.async.after : rec.observing(this.#modes.async.after);
    let after = evaluatePolicies(plan, contextFor(action, 'after', this.#metadata), mode);
    if (after instanceof Promise) after = await after;
    return this.#enforceAfter(action, after, rec);
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
    if (after.allowed) return after.output;
    const decision = after.decision;
    action.enforce({ afterDecision: decision });
    if (decision.type === 'deny') throw deniedBy(decision, action, 'after', after.cause);
    return after.output;
  }
}
