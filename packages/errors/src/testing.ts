/**
 * What Brane's store contract suites share (`@brane/approvals/testing`, `@brane/sessions/testing`,
 * `@brane/limits/testing`): the test functions they register with, and their runner. Users run those suites, and
 * rarely need this entry themselves.
 */
export { globalTestApi } from './testing/ContractTestApi.js';
export type { ContractTestApi } from './testing/ContractTestApi.js';
export { describeStoreContract } from './testing/describeStoreContract.js';
export type { StoreFixture } from './testing/describeStoreContract.js';
