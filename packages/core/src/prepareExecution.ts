import { Decision, effectsOf, type Limit, type RouteTarget, type SandboxConstraints } from '@brane/decisions';
import { applyOutputTransform, applyRedactions, cannotHonour, type Evaluation } from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';
import type { ApprovalGate } from './features/ApprovalGate.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { deniedBy } from './denials.js';
import type { Invocation } from './governors.js';
import type { TargetDirectory } from './TargetDirectory.js';

type Fn = (...args: unknown[]) => unknown;

const NO_EFFECTS: readonly Decision[] = Object.freeze([]);

/** How to execute an action whose before-stage decision is not a plain allow (nor a deny or an approval). */
export interface Execution {
  /** What to run, with `this` and the arguments to give it: the capability, or the capability routed to. */
  readonly fn: Fn;
  readonly receiver: unknown;
  readonly args: readonly unknown[];
  /** The sandbox time limit, for an async capability. */
  readonly timeoutMs: number | undefined;
  /** The before-policies' redactions and output transforms, applied in order once the output exists. */
  readonly outputEffects: readonly Decision[];
  /** The limits to reserve, all or none, right before it runs. */
  readonly limits: readonly Limit[] | undefined;
}

/** How to run an action whose before-policies allowed it plainly: the capability itself, as called. */
export function plainExecution(
  action: AgentAction,
  before: Evaluation,
  invocation: Invocation,
  receiver: unknown,
): Execution {
  if (before.shadow.length > 0) action.enforce({ shadow: before.shadow });
  return {
    fn: invocation.original,
    receiver,
    args: action.args,
    timeoutMs: undefined,
    outputEffects: [],
    limits: undefined,
  };
}

/**
 * Works out how to execute `action` under `decision`, and records the route and sandbox on it. Returns a
 * reason instead when the decision cannot be honoured: a route to a capability this runtime cannot call, a
 * model the capability cannot be routed to, or a sandbox the capability cannot be held to. The caller
 * denies then; Brane never falls back to running unconstrained.
 */
export function prepareExecution(
  action: AgentAction,
  decision: Decision,
  invocation: Invocation,
  receiver: unknown,
  targets: TargetDirectory,
): Execution | string {
  const definition = invocation.definition;
  let runs = definition;
  let execution: Execution = {
    fn: invocation.original,
    receiver,
    args: action.args,
    timeoutMs: decision.sandbox?.timeoutMs,
    outputEffects: outputEffectsOf(decision),
    limits: decision.limits,
  };
  if (decision.route !== undefined) {
    const routed = decision.route.capability === undefined ? routeModel(action, decision.route) : undefined;
    if (typeof routed === 'string') return routed;
    if (decision.route.capability !== undefined) {
      const target = routeCapability(action, decision.route.capability, receiver, targets);
      if (typeof target === 'string') return target;
      execution = { ...execution, ...target };
      runs = target.definition;
    }
  }
  if (decision.sandbox !== undefined) {
    const problem = sandboxProblem(decision.sandbox, definition, runs);
    if (problem !== undefined) return problem;
    action.enforce({ sandbox: decision.sandbox });
  }
  return execution;
}

/**
 * Enforces a before-stage decision: records it on the action, throws a deny (or a decision it cannot
 * honour, as a deny), and returns how to execute, or the decision that still needs approval.
 */
export function enforceBefore(
  action: AgentAction,
  before: Evaluation,
  invocation: Invocation,
  receiver: unknown,
  enforcement: { readonly approvals: ApprovalGate; readonly targets: TargetDirectory },
): Execution | Decision {
  const limits = before.reservesOnly;
  if (limits !== undefined) {
    // An allow that only reserves limits: nothing to route, sandbox or apply. Its decision is attributed (and
    // the action's id made) only if something reads it: a denial, the audit trail, `action.decision`.
    action.enforceBefore(before, before.shadow);
    return {
      fn: invocation.original,
      receiver,
      args: action.args,
      timeoutMs: undefined,
      outputEffects: NO_EFFECTS,
      limits,
    };
  }
  let decision = before.decision;
  action.enforce({ decision, shadow: before.shadow, args: before.args });
  if (decision.type === 'deny') throw deniedBy(decision, action, 'before', before.cause);
  if (decision.approval !== undefined) {
    const remainder = enforcement.approvals.remainder(action, decision);
    if (remainder === undefined) return decision;
    decision = remainder;
  }
  const execution = prepareExecution(action, decision, invocation, receiver, enforcement.targets);
  if (typeof execution === 'string') throw deniedBy(cannotHonour(decision, execution), action, 'before');
  return execution;
}

/** The redactions and output transforms of `decision`, in order; without a list made when it has none. */
function outputEffectsOf(decision: Decision): readonly Decision[] {
  if (decision.effects === undefined && decision.type !== 'redact' && decision.type !== 'transform_output') {
    return NO_EFFECTS;
  }
  return effectsOf(decision).filter((effect) => effect.type === 'redact' || effect.type === 'transform_output');
}

/** Applies the before-policies' output effects, in order. Throws when one cannot be applied. */
export function applyOutputEffects(output: unknown, effects: readonly Decision[]): unknown {
  let result = output;
  for (const effect of effects) {
    const mutations = effect.mutations;
    if (mutations?.redact !== undefined) result = applyRedactions(result, mutations.redact);
    if (mutations?.output !== undefined) result = applyOutputTransform(result, mutations.output);
  }
  return result;
}

function routeModel(action: AgentAction, to: RouteTarget): string | undefined {
  const { type, routing, name } = action.capability;
  if (type !== 'model' || routing === undefined) {
    return `\`${name}\` is not a model capability that declares \`routing\`, so it cannot be routed to a model or provider`;
  }
  if (to.model !== undefined && !(routing.models ?? []).includes(to.model)) {
    return `\`${name}\` cannot be routed to model \`${to.model}\` (its routing.models: ${(routing.models ?? []).join(', ') || 'none'})`;
  }
  if (to.provider !== undefined && !(routing.providers ?? []).includes(to.provider)) {
    return `\`${name}\` cannot be routed to provider \`${to.provider}\` (its routing.providers: ${(routing.providers ?? []).join(', ') || 'none'})`;
  }
  action.enforce({ route: { from: { capability: name, model: routing.model, provider: routing.provider }, to } });
  return undefined;
}

function routeCapability(
  action: AgentAction,
  name: string,
  receiver: unknown,
  targets: TargetDirectory,
): (Pick<Execution, 'fn' | 'receiver' | 'args'> & { readonly definition: CapabilityDefinition }) | string {
  const origin = action.capability;
  if (name === origin.name) return `\`${origin.name}\` cannot be routed to itself`;
  const target = targets.find(name, receiver);
  if (target === 'none') return `no capability \`${name}\` is governed by this runtime`;
  if (target === 'ambiguous') return `several instances govern \`${name}\`, and none is the routed action's own`;
  const definition = target.invocation.definition;
  if (!origin.async && definition.async) {
    return `synchronous \`${origin.name}\` cannot be routed to async \`${name}\`: it cannot return a promise`;
  }
  const named = action.input;
  const known = definition.params ?? definition.keys;
  const unknown = Object.keys(named).filter(
    (key) => named[key] !== undefined && known !== undefined && !known.includes(key),
  );
  if (unknown.length > 0) return `\`${name}\` has no argument ${unknown.map((key) => `\`${key}\``).join(', ')}`;
  action.enforce({ route: { from: { capability: origin.name }, to: { capability: name } } });
  const args = definition.params === undefined ? [named] : definition.params.map((param) => named[param]);
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { fn: target.invocation.entry, receiver: target.receiver, args, definition };
}

/** Why `sandbox` cannot be honoured for `definition` when `runs` is what executes (itself, or a route target). */
function sandboxProblem(
  sandbox: SandboxConstraints,
  definition: CapabilityDefinition,
  runs: CapabilityDefinition,
): string | undefined {
  if (sandbox.timeoutMs !== undefined && !definition.async) {
    return `a sandbox time limit needs an async capability: synchronous \`${definition.name}\` cannot be interrupted`;
  }
  for (const kind of ['network', 'filesystem'] as const) {
    if (sandbox[kind] !== undefined && !runs.sandbox[kind]) {
      const helper = kind === 'network' ? 'sandboxFetch' : 'sandboxPath';
      return `\`${runs.name}\` does not declare that it reaches the ${kind} only through ${helper} (capability option \`sandbox: { ${kind}: true }\`)`;
    }
  }
  return undefined;
}
