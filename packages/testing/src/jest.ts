import type {} from 'expect';
import { BraneError } from '@brane/errors';
import { decisionMatchers, type DecisionMatchers } from './decisionMatchers.js';

/**
 * Registers the decision matchers with jest. Add `'@brane/testing/jest'` to `setupFilesAfterEnv` in your
 * jest config, or import it at the top of a test file.
 */
const jestExpect = (globalThis as { expect?: { extend?: (matchers: object) => void } }).expect;
if (typeof jestExpect?.extend !== 'function') {
  throw new BraneError('INVALID_ARGUMENT', '@brane/testing/jest must be loaded inside jest (no global `expect` found)');
}
jestExpect.extend(decisionMatchers);

declare module 'expect' {
  // The type parameters must match jest's declaration to merge with it.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends DecisionMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends DecisionMatchers<R> {}
  }
}
