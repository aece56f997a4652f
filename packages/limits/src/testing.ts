export { describeLimitStoreContract } from './testing/describeLimitStoreContract.js';
export type { LimitStoreFixture, LimitTestApi } from './testing/describeLimitStoreContract.js';
