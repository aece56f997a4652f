export { describeApprovalStoreContract } from './testing/describeApprovalStoreContract.js';
export type { ApprovalStoreFixture } from './testing/describeApprovalStoreContract.js';
export type { ContractTestApi } from '@brane/errors/testing';
export { SAMPLE_REQUESTED_AT_MS, sampleApprovalRecord } from './testing/sampleApprovalRecord.js';
