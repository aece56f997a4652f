import type { SessionRecorder } from './SessionRecorder.js';
import type { Decision, Limit } from '@brane/decisions';
import type { LimitStore } from '@brane/limits';
import { BraneError, describeValue, type PolicyEvaluationError } from '@brane/errors';
import {
  evaluatePolicies,
  requiredScopesPolicy,
  type EvaluationOptions,
  type Policy,
  type PolicyMode,
  type PolicyObservation,
} from '@brane/policy-engine';
import { AgentAction, TRUSTED } from './AgentAction.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { contextFor } from './contextFor.js';
import type { Identity } from './Identity.js';
import { limitsView } from './limits/limitsView.js';
import { snapshotArgs } from './snapshotArgs.js';

/** One policy in an {@link Explanation}. */
export interface PolicyExplanation {
  readonly policy: string;
  readonly version: string | undefined;
  readonly mode: PolicyMode;
  /** `false` when evaluation stopped before it (an earlier deny). */
  readonly evaluated: boolean;
  /** Its own decision, when it was evaluated (a deny when it failed). */
  readonly decision: Decision | undefined;
  /** Whether its decision counts: evaluated, and not a shadow policy. */
  readonly enforced: boolean;
  /** Why it failed, when it did. */
  readonly cause: PolicyEvaluationError | undefined;
  readonly durationMs: number | undefined;
}

/** One limit the final decision would reserve, and what remains of it now (nothing is reserved by explaining). */
export interface LimitExplanation {
  readonly key: string;
  readonly kind: Limit['kind'];
  readonly cost: number;
  readonly max: number;
  /** The sliding window in milliseconds (`count`, `sum`). */
  readonly windowMs: number | undefined;
  /** What remains of `max` now, by the store's clock. */
  readonly remaining: number;
  /** Whether this call's cost fits in what remains now. */
  readonly fits: boolean;
}

/** What `runtime.explain` returns: every matching before-policy, in order, and the final decision. */
export interface Explanation {
  readonly capability: string;
  readonly policies: readonly PolicyExplanation[];
  /** The decision the runtime would enforce, attributed. */
  readonly decision: Decision;
  /** The arguments as the capability would receive them, after any transform. */
  readonly args: readonly unknown[];
  /** Each limit the decision would reserve, with what remains of it (empty when it reserves none). */
  readonly limits: readonly LimitExplanation[];
}

/** What {@link explainCall} needs from the runtime. */
export interface ExplainInput {
  readonly definition: CapabilityDefinition;
  readonly plan: readonly Policy[];
  readonly identity: Identity;
  readonly args: unknown[];
  readonly mode: EvaluationOptions;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The runtime's limit store, read (never written) for what remains of each limit. */
  readonly limits: LimitStore;
  /** The runtime's sessions, read (never written): policies see the call's session as the call would. */
  readonly sessions?: SessionRecorder | undefined;
}

/**
 * Evaluates the before-policies of one call without executing it, and reports each policy's decision.
 * Nothing runs and nothing is recorded: it is the dry run for policy authors and CI checks.
 */
export async function explainCall(input: ExplainInput): Promise<Explanation> {
  const { definition, plan, identity } = input;
  const action = new AgentAction(
    TRUSTED,
    definition,
    identity,
    snapshotArgs(definition, input.args),
    undefined,
    undefined,
    () => undefined,
  );
  await input.sessions?.attach(action);
  const seen = new Map<Policy, PolicyObservation>();
  const observe = (observation: PolicyObservation): void => {
    seen.set(observation.policy, observation);
  };
  const evaluation = await evaluatePolicies(
    plan,
    contextFor(action, 'before', input.metadata, limitsView(input.limits)),
    {
      ...input.mode,
      observe,
    },
  );
  const scopes = evaluation.policy === requiredScopesPolicy ? [requiredScopesPolicy] : [];
  const policies = [...scopes, ...plan].map((policy): PolicyExplanation => {
    const observation = seen.get(policy);
    const evaluated = observation !== undefined || policy === requiredScopesPolicy;
    return {
      policy: policy.name,
      version: policy.version,
      mode: policy.mode,
      evaluated,
      decision: policy === requiredScopesPolicy ? evaluation.decision : observation?.decision,
      enforced: evaluated && policy.mode === 'enforce',
      cause: observation?.cause,
      durationMs: observation?.durationMs,
    };
  });
  const decision = evaluation.decision;
  const limits = decision.type === 'deny' ? [] : await explainLimits(decision.limits ?? [], input.limits);
  return Object.freeze({ capability: definition.name, policies, decision, args: evaluation.args, limits });
}

async function explainLimits(limits: readonly Limit[], store: LimitStore): Promise<readonly LimitExplanation[]> {
  const pending = new Map<string, number>(); // a key named twice must fit both costs
  const explained: LimitExplanation[] = [];
  for (const limit of limits) {
    const used = ((await store.usage(limit.key))?.used ?? 0) + (pending.get(limit.key) ?? 0);
    pending.set(limit.key, (pending.get(limit.key) ?? 0) + limit.cost);
    explained.push({
      key: limit.key,
      kind: limit.kind,
      cost: limit.cost,
      max: limit.max,
      windowMs: limit.windowMs,
      remaining: Math.max(0, limit.max - used),
      fits: used + limit.cost <= limit.max,
    });
  }
  return Object.freeze(explained);
}

/** `args` by position, for a call to `definition`: an array as is; an object by the capability's names. */
export function positionalArgs(definition: CapabilityDefinition, args: unknown): unknown[] {
  if (Array.isArray(args)) return [...(args as unknown[])];
  if (typeof args !== 'object' || args === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `runtime.explain: \`args\` must be an array or an object (got ${describeValue(args)})`,
    );
  }
  const params = definition.params;
  if (params === undefined) return [args];
  const unknown = Object.keys(args).filter((key) => !params.includes(key));
  if (unknown.length > 0) {
    throw new BraneError(
      'UNKNOWN_ARGUMENT',
      `runtime.explain: \`${definition.name}\` has no argument ${unknown.map((key) => `\`${key}\``).join(', ')} (its arguments: ${params.join(', ') || 'none'})`,
    );
  }
  return params.map((name) => (args as Record<string, unknown>)[name]);
}
