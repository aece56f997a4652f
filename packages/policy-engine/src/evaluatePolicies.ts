import { Decision, composeNext, isFinalDecision } from '@brane/decisions';
import { PolicyEvaluationError, describeValue, type PolicyFailureCode } from '@brane/errors';
import { Evaluation } from './Evaluation.js';
import { isThenable } from './isThenable.js';
import type { Policy } from './Policy.js';
import type { PolicyContext } from './PolicyContext.js';
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
}

/**
 * Runs `policies` (a plan, in order) against `ctx` and composes their decisions: the first deny stops
 * evaluation; when all allow, the last allow wins; with none, `whenNoneMatch`. At the `before` stage the
 * capability's required scopes are checked first.
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
  return evaluateFrom(policies, 0, undefined, undefined, ctx, options);
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Evaluates `policies[start...]`, given the decision composed so far. Synchronous (and allocation-free but
 * for the result) while policies return decisions; hands over to {@link awaitThenEvaluate} at the first
 * promise, in async mode.
 */
function evaluateFrom(
  policies: readonly Policy[],
  start: number,
  composed: Decision | undefined,
  decisive: Policy | undefined,
  ctx: PolicyContext,
  options: EvaluationOptions,
): Evaluation | Promise<Evaluation> {
  let i = start;
  // One guard around the whole loop: a policy that throws, or returns an object whose `then` throws, fails.
  try {
    for (; i < policies.length; i++) {
      const policy = policies[i] as Policy;
      const result: unknown = policy.evaluate(ctx);
      if (!(result instanceof Decision)) {
        if (!isThenable(result)) return failure(policy, ctx, 'INVALID_DECISION', undefined, result);
        if (options.async) return awaitThenEvaluate(policies, i, result, composed, ctx, options);
        Promise.resolve(result).catch(() => undefined); // never an unhandled rejection from a denied policy
        return failure(policy, ctx, 'ASYNC_POLICY_ON_SYNC_CAPABILITY');
      }
      composed = composeNext(composed, result);
      if (isFinalDecision(composed)) return new Evaluation(composed, policy, ctx);
      decisive = policy;
    }
  } catch (error) {
    return failure(policies[i] as Policy, ctx, 'POLICY_ERROR', error);
  }
  return new Evaluation(composed ?? options.whenNoneMatch, composed === undefined ? undefined : decisive, ctx);
}

async function awaitThenEvaluate(
  policies: readonly Policy[],
  index: number,
  pending: PromiseLike<unknown>,
  composed: Decision | undefined,
  ctx: PolicyContext,
  options: EvaluationOptions,
): Promise<Evaluation> {
  const policy = policies[index] as Policy;
  const timeoutMs = policy.timeoutMs ?? options.timeoutMs;
  let result: unknown;
  try {
    result = await settleWithin(pending, timeoutMs);
  } catch (error) {
    return failure(policy, ctx, 'POLICY_ERROR', error);
  }
  if (result === TIMED_OUT) return failure(policy, ctx, 'POLICY_TIMEOUT', undefined, timeoutMs);
  if (!(result instanceof Decision)) return failure(policy, ctx, 'INVALID_DECISION', undefined, result);
  const next = composeNext(composed, result);
  if (isFinalDecision(next)) return new Evaluation(next, policy, ctx);
  return evaluateFrom(policies, index + 1, next, policy, ctx, options);
}

function failure(
  policy: Policy,
  ctx: PolicyContext,
  code: PolicyFailureCode,
  error?: unknown,
  detail?: unknown,
): Evaluation {
  const capability = ctx.capability.name;
  const cause = new PolicyEvaluationError(code, `Policy \`${policy.name}\` ${failureText(code, capability, detail)}`, {
    policyName: policy.name,
    policyVersion: policy.version,
    cause: error,
    details: { capability, stage: ctx.stage },
  });
  const reason = `Policy \`${policy.name}\` failed (${code}), so the action is denied`;
  return new Evaluation(Decision.deny(reason, { metadata: { failure: code } }), policy, ctx, cause);
}

function failureText(code: PolicyFailureCode, capability: string, detail: unknown): string {
  switch (code) {
    case 'POLICY_ERROR':
      return 'threw or rejected';
    case 'POLICY_TIMEOUT':
      return `did not settle within ${String(detail)} ms`;
    case 'INVALID_DECISION':
      return `returned ${describeValue(detail)}, not a Decision: return Decision.allow() or Decision.deny(reason)${looksLikeDecision(detail) ? ' (it looks like a Decision from another copy of @brane/decisions: is the package installed twice?)' : ''}`;
    case 'ASYNC_POLICY_ON_SYNC_CAPABILITY':
      return `returned a promise, but \`${capability}\` is synchronous: make the policy synchronous, or the capability async`;
  }
}

function looksLikeDecision(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { constructor?: { name?: unknown } }).constructor?.name === 'Decision'
  );
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
