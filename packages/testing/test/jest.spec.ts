import { expect as globalsExpect } from '@jest/globals';
import { Decision } from '@brane/decisions';
import type { BraneError } from '@brane/errors';

// `@brane/testing/jest` is loaded inside the tests (not imported at the top), so that the suite can observe
// what loading it does. Tests run in order: the first one sees jest before the import.
const MATCHERS = ['toAllow', 'toDeny', 'toHaveDecisionType'] as const;

function matcherNames(): string[] {
  const assertion = expect(Decision.allow()) as unknown as Record<string, unknown>;
  return MATCHERS.filter((name) => typeof assertion[name] === 'function');
}

describe('@brane/testing/jest', () => {
  it('is what registers the matchers: before it is loaded, expect has none', () => {
    expect(matcherNames()).toEqual([]);
  });

  it('registers toAllow, toDeny and toHaveDecisionType when imported', () => {
    jest.requireActual('@brane/testing/jest');
    expect(matcherNames()).toEqual(MATCHERS);
    expect(Decision.allow()).toAllow();
    expect(Decision.deny('Only SELECT queries are allowed')).toDeny(/SELECT/);
    expect(Decision.deny('Only SELECT queries are allowed')).toHaveDecisionType('deny');
    expect(() => {
      expect(Decision.allow()).toDeny();
    }).toThrow('expected a Decision of type `deny`; received `allow`');
  });

  it('registers them on the expect of @jest/globals too, with their types', () => {
    globalsExpect(Decision.allow()).toAllow();
    globalsExpect(Decision.deny('Amount too high')).not.toAllow();
    globalsExpect(Decision.deny('Amount too high')).toDeny('too high');
  });

  it('declares the matcher types: a wrong argument does not compile', () => {
    expect(() => {
      // @ts-expect-error `alow` is not a decision type
      expect(Decision.allow()).toHaveDecisionType('alow');
    }).toThrow(/toHaveDecisionType: the expected type must be one of allow, deny, .* \(got `"alow"`\)/);
    expect(() => {
      // @ts-expect-error the reason is a string or a RegExp
      expect(Decision.deny('Amount too high')).toDeny(42);
    }).toThrow();
  });

  it('throws a BraneError when loaded outside jest (no global expect)', () => {
    const scope = globalThis as { expect?: unknown };
    const saved = scope.expect;
    scope.expect = undefined;
    let error: unknown;
    // The isolated registry loads its own copy of @brane/errors; the error is an instance of that copy's class.
    let IsolatedBraneError: typeof BraneError | undefined;
    try {
      jest.isolateModules(() => {
        IsolatedBraneError = jest.requireActual<typeof import('@brane/errors')>('@brane/errors').BraneError;
        jest.requireActual('@brane/testing/jest');
      });
    } catch (caught) {
      error = caught;
    } finally {
      scope.expect = saved;
    }
    expect(error).toBeInstanceOf(IsolatedBraneError);
    expect(error).toMatchObject({
      name: 'BraneError',
      code: 'INVALID_ARGUMENT',
      message: '@brane/testing/jest must be loaded inside jest (no global `expect` found)',
    });
  });
});
