import type { ApprovalStore } from '../ApprovalStore.js';
import { globalTestApi, type ContractTestApi } from './ContractTestApi.js';
import { listContract } from './listContract.js';
import { recordContract } from './recordContract.js';

/** A store under test, fresh and empty, and how to dispose of it after the test. */
export interface ApprovalStoreFixture {
  readonly store: ApprovalStore;
  readonly dispose?: (() => void | Promise<void>) | undefined;
}

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
  api.describe(`${name} (ApprovalStore contract)`, () => {
    let fixture: ApprovalStoreFixture | undefined;
    api.beforeEach(async () => {
      fixture = await setup();
    });
    api.afterEach(async () => {
      await fixture?.dispose?.();
      fixture = undefined;
    });
    const store = (): ApprovalStore => {
      if (fixture === undefined) throw new Error('describeApprovalStoreContract: setup did not give a store');
      return fixture.store;
    };
    recordContract(api, store);
    listContract(api, store);
  });
}
