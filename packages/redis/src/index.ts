export { RedisLimitStore } from './RedisLimitStore.js';
export type { RedisLimitStoreOptions, RedisScriptClient } from './RedisLimitStore.js';
