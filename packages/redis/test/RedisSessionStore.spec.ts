import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, ConfigurationError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { RedisSessionStore } from '@brane/redis';
import { describeSessionStoreContract } from '@brane/sessions/testing';
import { Redis } from 'ioredis';
import { redisTarget } from './redisTarget.js';

const target = redisTarget();
const SECRET = 'fleet-secret-'.padEnd(32, 'x');

describe('RedisSessionStore (options)', () => {
  it.each([
    [{ client: {} }, /`client` must be a Redis client/],
    [{ client: { evalsha: (): undefined => undefined }, timeoutMs: 0 }, /`timeoutMs` must be a positive whole number/],
    [{ client: { evalsha: (): undefined => undefined }, maxEntries: -1 }, /`maxEntries` must be a whole number/],
    [{ client: { evalsha: (): undefined => undefined }, prefix: 3 }, /`prefix` must be a string/],
  ])('refuses %p', (options, message) => {
    expect(() => new RedisSessionStore(options as never)).toThrow(message);
  });

  it('a client that never answers fails within timeoutMs, and the runtime denies the call (fail closed)', async () => {
    const never = { evalsha: () => new Promise(() => undefined), eval: () => new Promise(() => undefined) };
    const store = new RedisSessionStore({ client: never, timeoutMs: 50 });
    await expect(store.load('s1')).rejects.toMatchObject({ code: 'SESSION_STORE_FAILED' });
    const runtime = new Runtime({ sessions: { store, secret: SECRET } });
    let ran = false;
    const read = runtime.capability({ name: 'read' }, async () => {
      ran = true;
    });
    await expect(runtime.withContext({ sessionId: 's1' }, () => read())).rejects.toThrow(CapabilityDeniedError);
    expect(ran).toBe(false);
    await runtime.close();
  });

  it('a client that rejects (the server is unreachable) fails with the cause kept', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const down = { evalsha: () => Promise.reject(refused), eval: () => Promise.reject(refused) };
    const store = new RedisSessionStore({ client: down });
    await expect(store.load('s1')).rejects.toMatchObject({ code: 'SESSION_STORE_FAILED', cause: refused });
    await expect(
      store.append('s1', {
        entry: {
          capability: 'read',
          type: 'tool',
          risk: 'low',
          effect: undefined,
          external: false,
          labels: [],
          outcome: 'succeeded',
          at: 0,
        },
        fingerprints: [],
      }),
    ).rejects.toThrow(/RedisSessionStore could not record an action of session `?s1`?: connect ECONNREFUSED/);
  });

  it('a runtime refuses a synchronous capability over it', () => {
    const store = new RedisSessionStore({ client: { evalsha: async () => [], eval: async () => [] } });
    const runtime = new Runtime({ sessions: { store, secret: SECRET } });
    expect(() => runtime.capability({ name: 'sync' }, (x: number) => x)).toThrow(ConfigurationError);
    expect(() => runtime.capability({ name: 'sync' }, (x: number) => x)).toThrow(/cannot belong to sessions/);
  });
});

if ('skipped' in target) {
  console.warn(`@brane/redis: the RedisSessionStore tests on a server are skipped: ${target.skipped}`);
  describe.skip('RedisSessionStore on Redis (skipped: no Redis)', () => {
    it('needs a Redis server', () => undefined);
  });
} else {
  const client = new Redis(target.url);
  afterAll(() => client.quit());
  let run = 0;
  const prefix = () => `test:sessions:${process.pid}:${Date.now()}:${run++}:`;

  describeSessionStoreContract('RedisSessionStore', ({ limits, now }) => ({
    store: new RedisSessionStore({ client, prefix: prefix(), ...limits, now }),
  }));

  describe('RedisSessionStore on Redis', () => {
    it('keeps fingerprints, never values, and a runtime denies on values read in another process', async () => {
      const keys = prefix();
      const store = () => new RedisSessionStore({ client, prefix: keys });
      const reader = new Runtime({ sessions: { store: store(), secret: SECRET } });
      const read = reader.capability({ name: 'read', produces: ['pii'] }, async () => 'account GB29-NWBK-6016-1331');
      await reader.withContext({ sessionId: 'run_1' }, () => read());

      const sender = new Runtime({ sessions: { store: store(), secret: SECRET } });
      const send = sender.capability({ name: 'send' }, async (body: string) => body.length);
      sender.beforeCapability('send', { name: 'no_pii' }, (ctx: PolicyContext) =>
        ctx.argLabels('body').includes('pii') ? Decision.deny('pii') : Decision.allow(),
      );
      await expect(sender.withContext({ sessionId: 'run_1' }, () => send('to GB29-NWBK-6016-1331'))).rejects.toThrow(
        CapabilityDeniedError,
      );
      await expect(sender.withContext({ sessionId: 'run_2' }, () => send('to GB29-NWBK-6016-1331'))).resolves.toBe(22);
      const dump: string[] = [];
      for (const key of await client.keys(`${keys}*`)) {
        const type = await client.type(key);
        if (type === 'hash') dump.push(JSON.stringify(await client.hgetall(key)));
        else if (type === 'list') dump.push(...(await client.lrange(key, 0, -1)));
        else if (type === 'set') dump.push(...(await client.smembers(key)));
        else if (type === 'zset') dump.push(...(await client.zrange(key, '0', '-1')));
      }
      expect(dump.length).toBeGreaterThan(0);
      expect(dump.join('\n')).not.toMatch(/GB29|nwbk/i);
      await Promise.all([reader.close(), sender.close()]);
    });

    it('every key of a session expires after its time to live', async () => {
      const keys = prefix();
      const store = new RedisSessionStore({ client, prefix: keys, ttlMs: 60_000 });
      await store.append('s1', {
        entry: {
          capability: 'read',
          type: 'tool',
          risk: 'low',
          effect: undefined,
          external: false,
          labels: ['pii'],
          outcome: 'succeeded',
          at: Date.now(),
        },
        fingerprints: ['fp_1'],
      });
      const found = await client.keys(`${keys}*`);
      expect(found.length).toBe(7);
      for (const key of found) {
        const ttl = await client.pttl(key);
        expect(ttl).toBeGreaterThan(50_000);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    });

    it('loads its scripts again after SCRIPT FLUSH', async () => {
      const store = new RedisSessionStore({ client, prefix: prefix() });
      await client.script('FLUSH');
      await expect(store.load('none')).resolves.toBeUndefined();
    });
  });
}
