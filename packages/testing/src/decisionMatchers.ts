import { Decision, DECISION_TYPES, isDecisionType, type DecisionType } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';

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
    if (!typed.pass || reason === undefined) return typed;
    const actual = (received as Decision).reason ?? '';
    // `search` ignores `lastIndex`, so a RegExp with the `g` flag gives the same verdict every time.
    const pass = typeof reason === 'string' ? actual.includes(reason) : actual.search(reason) !== -1;
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
    if (!isDecisionType(type)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `toHaveDecisionType: the expected type must be one of ${DECISION_TYPES.join(', ')} (got ${describeValue(type)})`,
      );
    }
    return matchType(this, received, type);
  },
};

function matchType(state: MatcherState, received: unknown, type: DecisionType): MatcherResult {
  assertDecision(received, type);
  const reason = received.reason === undefined ? '' : ` (reason: ${JSON.stringify(received.reason)})`;
  return {
    pass: received.type === type,
    message: () =>
      `expected ${state.isNot ? 'not ' : ''}a Decision of type \`${type}\`; received \`${received.type}\`${reason}` +
      (received.policyName === undefined ? '' : ` from policy \`${received.policyName}\``),
  };
}

/**
 * A value that is not a Decision is an error, not a failed match: otherwise `.not.toAllow()` would pass on
 * a forgotten `await` (a promise is not an allow).
 */
function assertDecision(received: unknown, type: DecisionType): asserts received is Decision {
  if (received instanceof Decision) return;
  const what = isForeignDecision(received)
    ? 'a Decision from another copy of @brane/decisions (the package is loaded twice, e.g. as ESM and CJS, or by jest.isolateModules)'
    : `${describeValue(received)}, not a Decision${received instanceof Promise ? ' (did you forget `await`?)' : ''}`;
  throw new BraneError('INVALID_ARGUMENT', `expected a Decision of type \`${type}\`, but received ${what}`);
}

function isForeignDecision(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { constructor?: { name?: unknown } }).constructor?.name === 'Decision' &&
    isDecisionType((value as { type?: unknown }).type)
  );
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
