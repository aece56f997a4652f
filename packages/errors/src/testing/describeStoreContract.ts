import type { ContractTestApi } from './ContractTestApi.js';

/** A store under test, and how to dispose of it after the test. */
export interface StoreFixture<S> {
  readonly store: S;
  readonly dispose?: (() => void | Promise<void>) | undefined;
}

/**
 * The runner every store contract suite shares: registers `title` as a `describe` block in which each test gets a
 * fresh fixture from `setup` (in `beforeEach`) that is disposed of after it (in `afterEach`); `register` adds the
 * tests, reading the current store with the function it is given.
 *
 * @example
 * describeStoreContract(api, `${name} (ApprovalStore contract)`, setup, (store) => {
 *   api.it('creates a record', async () => { await store().create(record); });
 * });
 */
export function describeStoreContract<S>(
  api: ContractTestApi,
  title: string,
  setup: () => StoreFixture<S> | Promise<StoreFixture<S>>,
  register: (store: () => S) => void,
): void {
  api.describe(title, () => {
    let fixture: StoreFixture<S> | undefined;
    api.beforeEach(async () => {
      fixture = await setup();
    });
    api.afterEach(async () => {
      const done = fixture;
      fixture = undefined;
      await done?.dispose?.();
    });
    register(() => {
      if (fixture === undefined) throw new Error(`${title}: setup did not give a store`);
      return fixture.store;
    });
  });
}
