import { InMemoryLimitStore } from '@brane/sdk';
import { RedisLimitStore } from '@brane/redis';
import { Redis } from 'ioredis';
import { runScenario } from './runScenario.js';

/** A Redis client when one answers at `url` within a second; `undefined` (with why) otherwise. */
async function connectRedis(url: string): Promise<Redis | string> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    return error instanceof Error ? error.message : String(error);
  }
}

async function main(): Promise<void> {
  console.log('--- In memory (the default store; per process) ---');
  await runScenario(new InMemoryLimitStore(), 'tenant_memory');

  const url = process.env['BRANE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const redis = await connectRedis(url);
  if (typeof redis === 'string') {
    console.log(`\n--- On Redis: skipped, no Redis answers at ${url} (${redis}) ---`);
    return;
  }
  try {
    console.log(`\n--- On Redis at ${url} (shared by every process that uses it) ---`);
    await runScenario(new RedisLimitStore({ client: redis, prefix: `brane:example:${Date.now()}:` }), 'tenant_redis');
  } finally {
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
