import { Redis } from 'ioredis';
import { redisTarget } from './redisTarget';

/**
 * A `describe` whose tests use the Redis that {@link redisTarget} finds, with one client closed after them; when no
 * Redis answers, the suite is skipped and says why (printed, so that a run without Redis shows what it left out).
 */
export function describeWithRedis(title: string, body: (client: () => Redis) => void): void {
  const target = redisTarget();
  if ('skipped' in target) {
    console.warn(`${title}: skipped: ${target.skipped}`);
    describe.skip(`${title} (skipped: no Redis)`, () => {
      it('needs a Redis server', () => undefined);
    });
    return;
  }
  describe(title, () => {
    const client = new Redis(target.url);
    afterAll(() => client.quit());
    body(() => client);
  });
}
