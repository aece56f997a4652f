import { describeLimitStoreContract } from '@brane/limits/testing';
import { RedisLimitStore } from '@brane/redis';
import { Redis } from 'ioredis';
import { redisTarget } from './redisTarget.js';

const target = redisTarget();

if ('skipped' in target) {
  console.warn(`@brane/redis: the RedisLimitStore contract is skipped: ${target.skipped}`);
  describe.skip('RedisLimitStore (skipped: no Redis)', () => {
    it('needs a Redis server', () => undefined);
  });
} else {
  const client = new Redis(target.url);
  afterAll(() => client.quit());
  describeLimitStoreContract('RedisLimitStore', () => ({ store: new RedisLimitStore({ client }) }));

  describe('RedisLimitStore', () => {
    it('loads its scripts again after SCRIPT FLUSH', async () => {
      const store = new RedisLimitStore({ client, prefix: `test:${Date.now()}:` });
      await client.script('FLUSH');
      await expect(store.usage('none')).resolves.toBeUndefined();
    });

    it('refuses a client that cannot run scripts', () => {
      expect(() => new RedisLimitStore({ client: {} as never })).toThrow(/must be a Redis client/);
    });
  });
}
