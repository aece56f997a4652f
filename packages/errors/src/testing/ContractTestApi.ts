import { BraneError } from '../BraneError.js';

/**
 * The test functions a contract suite registers its tests with: jest's and vitest's globals fit, and so do
 * `node:test`'s `describe`, `it`, `beforeEach` and `afterEach`.
 */
export interface ContractTestApi {
  readonly describe: (name: string, body: () => void) => unknown;
  readonly it: (name: string, body: () => Promise<void>) => unknown;
  readonly beforeEach: (body: () => Promise<void>) => unknown;
  readonly afterEach: (body: () => Promise<void>) => unknown;
}

/** The global test functions (jest, or vitest with `globals: true`); throws if there are none. */
export function globalTestApi(): ContractTestApi {
  const scope = globalThis as Partial<Record<keyof ContractTestApi, unknown>>;
  const names = ['describe', 'it', 'beforeEach', 'afterEach'] as const;
  const missing = names.filter((name) => typeof scope[name] !== 'function');
  if (missing.length > 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `No global ${missing.map((name) => `\`${name}\``).join(', ')}: run the contract inside jest or vitest, or pass your runner's functions ({ describe, it, beforeEach, afterEach })`,
    );
  }
  return scope as ContractTestApi;
}
