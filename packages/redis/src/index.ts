export { RedisLimitStore } from './RedisLimitStore.js';
export type { RedisLimitStoreOptions } from './RedisLimitStore.js';
export type { RedisScriptClient } from './RedisScriptClient.js';
export { RedisSessionStore } from './RedisSessionStore.js';
export type { RedisSessionStoreOptions } from './RedisSessionStore.js';
