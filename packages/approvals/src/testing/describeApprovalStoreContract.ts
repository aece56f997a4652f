import type { ApprovalStore } from '../ApprovalStore.js';
import { describeStoreContract, globalTestApi, type ContractTestApi, type StoreFixture } from '@brane/errors/testing';
import { listContract } from './listContract.js';
import { recordContract } from './recordContract.js';

/** A store under test, fresh and empty, and how to dispose of it after the test. */
export type ApprovalStoreFixture = StoreFixture<ApprovalStore>;

/**
 * Registers the tests every {@link ApprovalStore} must pass: the same suite Brane runs against its memory,
 * file and PostgreSQL stores. `setup` runs before each test and must give an empty store. Tests use
 * `node:assert`, and register with the global `describe`/`it`/`beforeEach`/`afterEach` (jest, vitest) unless
 * `api` gives others (`node:test`).
 *
 * @example
 * import { describeApprovalStoreContract } from '@brane/approvals/testing';
 *
 * describeApprovalStoreContract('MyApprovalStore', async () => {
 *   await db.query('TRUNCATE approvals');
 *   return { store: new MyApprovalStore(db) };
 * });
 */
export function describeApprovalStoreContract(
  name: string,
  setup: () => ApprovalStoreFixture | Promise<ApprovalStoreFixture>,
  api: ContractTestApi = globalTestApi(),
): void {
  describeStoreContract(api, `${name} (ApprovalStore contract)`, setup, (store) => {
    recordContract(api, store);
    listContract(api, store);
  });
}
