export { describeLimitStoreContract } from './testing/describeLimitStoreContract.js';
export type { LimitStoreFixture } from './testing/describeLimitStoreContract.js';
export type { ContractTestApi } from '@brane/errors/testing';
/** @deprecated The same as {@link ContractTestApi}, the test functions every Brane store contract registers with. */
export type { ContractTestApi as LimitTestApi } from '@brane/errors/testing';
