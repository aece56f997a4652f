import { validateLimit } from '@brane/decisions';
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

    it('counts a cost below 1e-17 and reports what is used with every digit a double has', async () => {
      const store = new RedisLimitStore({ client, prefix: `test:${Date.now()}:exact:` });
      // HINCRBYFLOAT wrote 17 decimal places (1e-18 was 0: every call was granted); tostring wrote 14 digits.
      const tiny = validateLimit({ key: 'tiny', kind: 'sum', cost: 1e-18, max: 1.5e-18, per: '1h' });
      expect((await store.reserve('t1', [tiny])).granted).toBe(true);
      expect(await store.reserve('t2', [tiny])).toMatchObject({
        granted: false,
        refusal: { remaining: 1.5e-18 - 1e-18 },
      });
      expect(await store.usage('tiny')).toMatchObject({ used: 1e-18 });
      const wide = validateLimit({ key: 'wide', kind: 'sum', cost: 123_456_789_012_345, max: 1e15, per: '1h' });
      const held = await store.reserve('w1', [wide]);
      const refused = await store.reserve('w2', [
        validateLimit({ key: 'wide', kind: 'sum', cost: 1e15, max: 1e15, per: '1h' }),
      ]);
      expect(refused).toMatchObject({ granted: false, refusal: { remaining: 1e15 - 123_456_789_012_345 } });
      expect(held.granted && held.reservation.grants[0]?.remaining).toBe(1e15 - 123_456_789_012_345);
    });

    it('refuses a client that cannot run scripts', () => {
      expect(() => new RedisLimitStore({ client: {} as never })).toThrow(/must be a Redis client/);
    });
  });
}
