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
  const run = new PolicyRun(policies, ctx, options);
  if (ctx.stage === 'before' && ctx.capability.scopes.length > 0) {
    const decision = requiredScopesPolicy.evaluate(ctx) as Decision;
    if (!decision.allowed) return new Evaluation(decision, requiredScopesPolicy, ctx);
  }
  return run.from(0);
}

const TIMED_OUT: unique symbol = Symbol('timed out');

class PolicyRun {
  readonly #policies: readonly Policy[];
  readonly #ctx: PolicyContext;
  readonly #options: EvaluationOptions;
  #composed: Decision | undefined;
  #decisive: Policy | undefined;

  constructor(policies: readonly Policy[], ctx: PolicyContext, options: EvaluationOptions) {
    this.#policies = policies;
    this.#ctx = ctx;
    this.#options = options;
  }

  from(index: number): Evaluation | Promise<Evaluation> {
    for (let i = index; i < this.#policies.length; i++) {
      const policy = this.#policies[i] as Policy;
      let result: unknown;
      try {
        result = policy.evaluate(this.#ctx);
      } catch (error) {
        return this.#fail(policy, 'POLICY_ERROR', error);
      }
      if (isThenable(result)) {
        if (this.#options.async) return this.#await(policy, result, i);
        Promise.resolve(result).catch(() => undefined); // never an unhandled rejection from a denied policy
        return this.#fail(policy, 'ASYNC_POLICY_ON_SYNC_CAPABILITY');
      }
      const final = this.#accept(policy, result);
      if (final !== undefined) return final;
    }
    if (this.#composed === undefined) return new Evaluation(this.#options.whenNoneMatch, undefined, this.#ctx);
    return new Evaluation(this.#composed, this.#decisive, this.#ctx);
  }

  async #await(policy: Policy, pending: PromiseLike<unknown>, index: number): Promise<Evaluation> {
    const timeoutMs = policy.timeoutMs ?? this.#options.timeoutMs;
    let result: unknown;
    try {
      result = await settleWithin(pending, timeoutMs);
    } catch (error) {
      return this.#fail(policy, 'POLICY_ERROR', error);
    }
    if (result === TIMED_OUT) return this.#fail(policy, 'POLICY_TIMEOUT', undefined, timeoutMs);
    return this.#accept(policy, result) ?? this.from(index + 1);
  }

  /** Composes a policy's result; returns the evaluation when it is final. */
  #accept(policy: Policy, result: unknown): Evaluation | undefined {
    if (!(result instanceof Decision)) return this.#fail(policy, 'INVALID_DECISION', undefined, result);
    this.#composed = composeNext(this.#composed, result);
    this.#decisive = policy;
    return isFinalDecision(this.#composed) ? new Evaluation(this.#composed, policy, this.#ctx) : undefined;
  }

  #fail(policy: Policy, code: PolicyFailureCode, error?: unknown, detail?: unknown): Evaluation {
    const capability = this.#ctx.capability.name;
    const cause = new PolicyEvaluationError(
      code,
      `Policy \`${policy.name}\` ${failureText(code, capability, detail)}`,
      {
        policyName: policy.name,
        policyVersion: policy.version,
        cause: error,
        details: { capability, stage: this.#ctx.stage },
      },
    );
    const reason = `Policy \`${policy.name}\` failed (${code}), so the action is denied`;
    return new Evaluation(Decision.deny(reason, { metadata: { failure: code } }), policy, this.#ctx, cause);
  }
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
