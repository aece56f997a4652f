export { describeSessionStoreContract } from './testing/describeSessionStoreContract.js';
export type { SessionStoreFixture, SessionStoreSetup } from './testing/describeSessionStoreContract.js';
export type { ContractTestApi } from '@brane/errors/testing';
