import { Decision, attributedAsChecked, isFinalDecision, reservedLimitsOf, type Limit } from '@brane/decisions';
import { BraneError, type PolicyEvaluationError, type PolicyFailureCode } from '@brane/errors';
import { applyDecision } from './applyDecision.js';
import { Evaluation, type ShadowDecision } from './Evaluation.js';
import { isThenable } from './isThenable.js';
import type { Policy } from './Policy.js';
import type { PolicyContext } from './PolicyContext.js';
import { FORGED_DECISION, policyFailure } from './policyFailure.js';
import { requiredScopesPolicy } from './requiredScopesPolicy.js';

/** How one stage is evaluated. */
export interface EvaluationOptions {
  /** The decision when no policy matches: allow by default, or the runtime's configured default. */
  readonly whenNoneMatch: Decision;
  /**
   * Whether policies may return promises. `false` for a synchronous capability: a policy that returns a
   * promise is then a deny, and evaluation never waits.
   */
  readonly async: boolean;
  /** How long an async policy may take, unless it sets its own `timeoutMs`. */
  readonly timeoutMs: number;
  /** Told the outcome of every policy evaluated, with its duration (audit, explain). */
  readonly observe?: PolicyObserver | undefined;
}

/** One policy's outcome, as a {@link PolicyObserver} is told it. */
export interface PolicyObservation {
  readonly policy: Policy;
  /** The policy's own decision (a deny when it failed), before composition. */
  readonly decision: Decision;
  readonly durationMs: number;
  /** `false` for a shadow policy. */
  readonly enforced: boolean;
  /** Why it failed, when it did. */
  readonly cause: PolicyEvaluationError | undefined;
}

/** Receives the outcome of each policy as it settles, in order. */
export type PolicyObserver = (observation: PolicyObservation, ctx: PolicyContext) => void;

/** Where an evaluation stands between two policies. */
interface Progress {
  /** When the policy being settled started, for an observer (0 without one). */
  startedAt: number;
  composed: Decision | undefined;
  /** The policy of the composed allow (a composed non-allow carries its own attribution). */
  decisive: Policy | undefined;
  shadow: ShadowDecision[] | undefined;
}

/**
 * Runs `policies` (a plan, in order) against `ctx` and composes their decisions with `composeNext`: the
 * first deny stops evaluation; other types combine by precedence; when all allow, the last allow wins; with
 * none, `whenNoneMatch`. At the `before` stage the capability's required scopes are checked first. A
 * shadow policy is evaluated and recorded in `shadow`, never composed.
 *
 * Fails closed: a policy that throws, rejects, times out, returns something that is not a Decision, or
 * returns a promise to a synchronous capability yields a deny whose `cause` says what happened.
 *
 * Returns synchronously while every policy does; a promise once one returns a promise (async mode only).
 */
export function evaluatePolicies(
  policies: readonly Policy[],
  ctx: PolicyContext,
  options: EvaluationOptions,
): Evaluation | Promise<Evaluation> {
  if (ctx.stage === 'before' && ctx.capability.scopes.length > 0) {
    const decision = requiredScopesPolicy.evaluate(ctx) as Decision;
    if (!decision.allowed) return new Evaluation(decision, requiredScopesPolicy, ctx);
  }
  return evaluateFrom(policies, 0, undefined, ctx, options);
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Evaluates `policies[start...]`. Synchronous (and allocation-free but for the result, while policies
 * allow) until a policy returns a promise; hands over to {@link awaitThenEvaluate} then, in async mode.
 */
function evaluateFrom(
  policies: readonly Policy[],
  start: number,
  from: Progress | undefined,
  ctx: PolicyContext,
  options: EvaluationOptions,
): Evaluation | Promise<Evaluation> {
  // While policies allow, the state lives in locals: the hot path allocates nothing but the result.
  let progress = from;
  let composed = progress?.composed;
  let decisive = progress?.decisive;
  // Set while `composed` is `decisive`'s own allow that only reserves these limits, as its constructor checked them.
  let reserves: readonly Limit[] | undefined;
  const observe = options.observe;
  let startedAt = 0;
  let i = start;
  // One guard around the whole loop: a policy that throws, or returns an object whose `then` throws, fails.
  try {
    for (; i < policies.length; i++) {
      const policy = policies[i] as Policy;
      if (observe !== undefined) startedAt = performance.now();
      const result: unknown = policy.evaluate(ctx);
      if (isPlainAllow(result) && policy.mode === 'enforce') {
        if (composed === undefined || (reserves === undefined && isPlainAllow(composed))) {
          composed = result;
          decisive = policy;
        }
        if (observe !== undefined) observeOutcome(observe, ctx, policy, result, startedAt, undefined);
        continue;
      }
      if (
        observe === undefined &&
        ctx.stage === 'before' &&
        reserves === undefined &&
        policy.mode === 'enforce' &&
        (composed === undefined || isPlainAllow(composed))
      ) {
        // An allow that only reserves limits: kept as the policy returned it, its checked limits read without a copy.
        reserves = reservedLimitsOf(result);
        if (reserves !== undefined) {
          composed = result as Decision;
          decisive = policy;
          continue;
        }
      }
      progress = progressOf(progress, startedAt, composed, decisive, reserves);
      reserves = undefined;
      if (!(result instanceof Decision) && isThenable(result)) {
        if (options.async) return awaitThenEvaluate(policies, i, result, progress, ctx, options);
        Promise.resolve(result).catch(() => undefined); // never an unhandled rejection from a denied policy
      }
      const final = settle(policy, result, progress, ctx, observe);
      if (final !== undefined) return final;
      composed = progress.composed;
      decisive = progress.decisive;
    }
  } catch (error) {
    progress = progressOf(progress, startedAt, composed, decisive, reserves);
    const final = fail(policies[i] as Policy, progress, ctx, observe, 'POLICY_ERROR', error);
    if (final !== undefined) return final;
    return evaluateFrom(policies, i + 1, progress, ctx, options);
  }
  // Without a decisive policy, `composed` is the engine's own (made by `applyDecision`): no policy holds it.
  return new Evaluation(
    composed ?? options.whenNoneMatch,
    composed === undefined ? undefined : decisive,
    ctx,
    undefined,
    progress?.shadow,
    composed !== undefined && decisive === undefined,
    reserves,
  );
}

/**
 * The state of the loop of {@link evaluateFrom} as a {@link Progress}, for the general path. An allow kept as its
 * policy returned it (`reserves`) becomes the copy `applyDecision` would have made: attributed to its policy, as
 * its constructor checked it.
 */
function progressOf(
  progress: Progress | undefined,
  startedAt: number,
  composed: Decision | undefined,
  decisive: Policy | undefined,
  reserves: readonly Limit[] | undefined,
): Progress {
  const next = progress ?? { startedAt, composed: undefined, decisive: undefined, shadow: undefined };
  next.startedAt = startedAt;
  next.composed = composed;
  next.decisive = decisive;
  if (reserves !== undefined && composed !== undefined && decisive !== undefined) {
    const attribution = { policyName: decisive.name, policyVersion: decisive.version, actionId: undefined };
    next.composed = attributedAsChecked(composed, attribution); // reads only what was checked: it cannot fail
    next.decisive = undefined;
  }
  return next;
}

async function awaitThenEvaluate(
  policies: readonly Policy[],
  index: number,
  pending: PromiseLike<unknown>,
  progress: Progress,
  ctx: PolicyContext,
  options: EvaluationOptions,
): Promise<Evaluation> {
  const policy = policies[index] as Policy;
  const timeoutMs = policy.timeoutMs ?? options.timeoutMs;
  let final: Evaluation | undefined;
  try {
    const result = await settleWithin(pending, timeoutMs);
    final =
      result === TIMED_OUT
        ? fail(policy, progress, ctx, options.observe, 'POLICY_TIMEOUT', undefined, timeoutMs)
        : settle(policy, result, progress, ctx, options.observe);
  } catch (error) {
    final = fail(policy, progress, ctx, options.observe, 'POLICY_ERROR', error);
  }
  return final ?? evaluateFrom(policies, index + 1, progress, ctx, options);
}

/**
 * Takes a policy's settled result (anything but an enforced plain allow) into `progress`; returns the final
 * evaluation when it ends the stage (a deny).
 */
function settle(
  policy: Policy,
  result: unknown,
  progress: Progress,
  ctx: PolicyContext,
  observe: PolicyObserver | undefined,
): Evaluation | undefined {
  if (!(result instanceof Decision)) {
    const code: PolicyFailureCode = isThenable(result) ? 'ASYNC_POLICY_ON_SYNC_CAPABILITY' : 'INVALID_DECISION';
    return fail(policy, progress, ctx, observe, code, undefined, result);
  }
  if (!Decision.isDecision(result)) {
    // Made on Decision's prototype without its constructor (or a Proxy of a Decision): never validated.
    const forged = new BraneError(
      'INVALID_ARGUMENT',
      `Policy \`${policy.name}\` returned an object that passes \`instanceof Decision\` but was not made by the Decision constructor (a forged Decision, or a Proxy of one)`,
    );
    return fail(policy, progress, ctx, observe, 'POLICY_ERROR', forged, FORGED_DECISION);
  }
  if (observe !== undefined) observeOutcome(observe, ctx, policy, result, progress.startedAt, undefined);
  if (policy.mode === 'shadow') {
    const decision = result.withAttribution({
      policyName: policy.name,
      policyVersion: policy.version,
      actionId: undefined,
    });
    (progress.shadow ??= []).push({ policy, decision, cause: undefined });
    return undefined;
  }
  if (isPlainAllow(result)) {
    allow(policy, result, progress); // an async allow
    return undefined;
  }
  const composed = applyDecision(progress.composed, policy, result, ctx);
  progress.composed = composed;
  progress.decisive = undefined;
  return isFinalDecision(composed) ? new Evaluation(composed, policy, ctx, undefined, progress.shadow) : undefined;
}

/**
 * A real allow that is only an allow. A forged object can pass `instanceof Decision`; an allow that lists
 * effects is not what composition makes, so `applyDecision` weighs its effects; an allow with limits or labels composes
 * them with the others'.
 */
function isPlainAllow(result: unknown): result is Decision {
  return (
    Decision.isDecision(result) &&
    result.type === 'allow' &&
    result.effects === undefined &&
    result.limits === undefined &&
    result.labels === undefined
  );
}

/**
 * An enforced allow: it becomes the result while every decision so far is a plain allow (the last allow
 * wins); an allow with limits or labels stays, so its limits are reserved and its labels kept.
 */
function allow(policy: Policy, decision: Decision, progress: Progress): void {
  if (progress.composed === undefined || isPlainAllow(progress.composed)) {
    progress.composed = decision;
    progress.decisive = policy;
  }
}

/** A failed policy: a deny, or, for a shadow policy, a recorded deny and evaluation goes on. */
function fail(
  policy: Policy,
  progress: Progress,
  ctx: PolicyContext,
  observe: PolicyObserver | undefined,
  code: PolicyFailureCode,
  error?: unknown,
  detail?: unknown,
): Evaluation | undefined {
  const failure = policyFailure(policy, ctx, code, error, detail);
  if (observe !== undefined) observeOutcome(observe, ctx, policy, failure.decision, progress.startedAt, failure.cause);
  if (policy.mode === 'shadow') {
    (progress.shadow ??= []).push({ policy, ...failure });
    return undefined;
  }
  return new Evaluation(failure.decision, policy, ctx, failure.cause, progress.shadow);
}

function observeOutcome(
  observe: PolicyObserver,
  ctx: PolicyContext,
  policy: Policy,
  decision: Decision,
  startedAt: number,
  cause: PolicyEvaluationError | undefined,
): void {
  const durationMs = performance.now() - startedAt;
  observe({ policy, decision, durationMs, enforced: policy.mode === 'enforce', cause }, ctx);
}

function settleWithin(pending: PromiseLike<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  return Promise.race([pending, timeout]).finally(() => {
    clearTimeout(timer);
  });
}
