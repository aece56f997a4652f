import { Decision, type DecisionType } from '@brane/decisions';
import { describeValue } from '@brane/errors';

/** The part of jest's matcher context the matchers use. */
interface MatcherState {
  readonly isNot?: boolean | undefined;
}

/** What a jest matcher returns. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * Jest matchers for decisions. Register them with `import '@brane/testing/jest'` (or
 * `expect.extend(decisionMatchers)`), then:
 *
 * @example
 * expect(policy(ctx)).toAllow();
 * expect(policy(ctx)).toDeny(/exceeds the limit/);
 * expect(decision).toHaveDecisionType('approval_required');
 */
export const decisionMatchers = {
  /** Passes when `received` is a Decision of type `allow`. */
  toAllow(this: MatcherState, received: unknown): MatcherResult {
    return matchType(this, received, 'allow');
  },

  /** Passes when `received` is a deny; with `reason`, its reason must contain the string or match the RegExp. */
  toDeny(this: MatcherState, received: unknown, reason?: string | RegExp): MatcherResult {
    const typed = matchType(this, received, 'deny');
    if (!typed.pass || reason === undefined || !(received instanceof Decision)) return typed;
    const actual = received.reason ?? '';
    const pass = typeof reason === 'string' ? actual.includes(reason) : reason.test(actual);
    const expected =
      typeof reason === 'string'
        ? `a reason containing ${JSON.stringify(reason)}`
        : `a reason matching ${String(reason)}`;
    return {
      pass,
      message: () =>
        `expected ${this.isNot ? 'not ' : ''}a deny with ${expected}; the reason was ${JSON.stringify(actual)}`,
    };
  },

  /** Passes when `received` is a Decision of the given type. */
  toHaveDecisionType(this: MatcherState, received: unknown, type: DecisionType): MatcherResult {
    return matchType(this, received, type);
  },
};

function matchType(state: MatcherState, received: unknown, type: DecisionType): MatcherResult {
  if (!(received instanceof Decision)) {
    return {
      pass: false,
      message: () => `expected a Decision of type \`${type}\`, but received ${describeValue(received)}, not a Decision`,
    };
  }
  const reason = received.reason === undefined ? '' : ` (reason: ${JSON.stringify(received.reason)})`;
  return {
    pass: received.type === type,
    message: () =>
      `expected ${state.isNot ? 'not ' : ''}a Decision of type \`${type}\`; received \`${received.type}\`${reason}` +
      (received.policyName === undefined ? '' : ` from policy \`${received.policyName}\``),
  };
}

/** The matchers' signatures, as they appear on `expect(...)`. */
export interface DecisionMatchers<R> {
  /** Passes when the value is a Decision of type `allow`. */
  toAllow(): R;
  /** Passes when the value is a deny; with `reason`, its reason must contain the string or match the RegExp. */
  toDeny(reason?: string | RegExp): R;
  /** Passes when the value is a Decision of the given type. */
  toHaveDecisionType(type: DecisionType): R;
}
