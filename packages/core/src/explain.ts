import type { Decision } from '@brane/decisions';
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

/** What `runtime.explain` returns: every matching before-policy, in order, and the final decision. */
export interface Explanation {
  readonly capability: string;
  readonly policies: readonly PolicyExplanation[];
  /** The decision the runtime would enforce, attributed. */
  readonly decision: Decision;
  /** The arguments as the capability would receive them, after any transform. */
  readonly args: readonly unknown[];
}

/** What {@link explainCall} needs from the runtime. */
export interface ExplainInput {
  readonly definition: CapabilityDefinition;
  readonly plan: readonly Policy[];
  readonly identity: Identity;
  readonly args: unknown[];
  readonly mode: EvaluationOptions;
  readonly metadata: Readonly<Record<string, unknown>>;
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
  const seen = new Map<Policy, PolicyObservation>();
  const observe = (observation: PolicyObservation): void => {
    seen.set(observation.policy, observation);
  };
  const evaluation = await evaluatePolicies(plan, contextFor(action, 'before', input.metadata), {
    ...input.mode,
    observe,
  });
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
  return Object.freeze({ capability: definition.name, policies, decision: evaluation.decision, args: evaluation.args });
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
