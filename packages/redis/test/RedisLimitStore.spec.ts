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

describe('RedisLimitStore with a client that does not answer', () => {
  const hung = { evalsha: () => new Promise<never>(() => undefined), eval: () => new Promise<never>(() => undefined) };
  const slot = validateLimit({ key: 'slot', kind: 'concurrent', max: 1 });

  it('rejects each command with LIMIT_STORE_FAILED after timeoutMs, never waiting for ever', async () => {
    // Without a timeout, a paused or unreachable server left every governed call with limits waiting.
    const store = new RedisLimitStore({ client: hung, timeoutMs: 20 });
    const reservation = { id: 'a1', limits: [slot], grants: [], at: 0 };
    for (const command of [
      () => store.reserve('a1', [slot]),
      () => store.release(reservation, [0]),
      () => store.renew(reservation),
      () => store.usage('slot'),
    ]) {
      await expect(command()).rejects.toMatchObject({
        code: 'LIMIT_STORE_FAILED',
        message: expect.stringContaining('no answer within 20 ms') as string,
      });
    }
  });

  it('wraps a rejected command in LIMIT_STORE_FAILED with the client error as cause', async () => {
    const refused = new Error('READONLY You cannot write against a read only replica.');
    const store = new RedisLimitStore({ client: { evalsha: () => Promise.reject(refused), eval: hung.eval } });
    await expect(store.reserve('a1', [slot])).rejects.toMatchObject({ code: 'LIMIT_STORE_FAILED', cause: refused });
  });

  it.each([0, -1, 1.5, Number.NaN, '100'])('refuses timeoutMs %p with INVALID_OPTIONS', (timeoutMs) => {
    expect(() => new RedisLimitStore({ client: hung, timeoutMs: timeoutMs as number })).toThrow(/`timeoutMs` must be/);
  });
});
