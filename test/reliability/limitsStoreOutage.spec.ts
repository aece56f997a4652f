import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { RedisLimitStore, type RedisScriptClient } from '@brane/redis';
import fc from 'fast-check';
import { propertyParameters } from './propertyRuns.js';

/*
 * A Redis limit store whose client misbehaves in any way (never answers, rejects with an error or with something
 * else, throws at once, says NOSCRIPT and then never answers): a governed call with limits is denied before its body
 * runs, or runs unmetered when every limit says `onStoreError: 'allow'`, and either way within the store's
 * `timeoutMs` (plus the scheduling slack of a loaded machine), never waiting for ever.
 */
jest.setTimeout(2 * 60_000);

type Behaviour = 'hangs' | 'rejects' | 'rejects-non-error' | 'throws' | 'noscript-then-hangs';

function client(behaviour: Behaviour): RedisScriptClient {
  const never = () => new Promise<never>(() => undefined);
  const answer = (): Promise<unknown> => {
    switch (behaviour) {
      case 'hangs':
        return never();
      case 'rejects':
        return Promise.reject(new Error('ECONNRESET'));
      case 'rejects-non-error':
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a client may reject with anything
        return Promise.reject('connection lost');
      case 'throws':
        throw new Error('client closed');
      case 'noscript-then-hangs':
        return Promise.reject(new Error('NOSCRIPT No matching script.'));
    }
  };
  return { evalsha: answer, eval: behaviour === 'noscript-then-hangs' ? never : answer };
}

describe('a governed call on a Redis limit store that misbehaves', () => {
  it('is denied, or runs unmetered when every limit fails open, within the timeout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Behaviour>('hangs', 'rejects', 'rejects-non-error', 'throws', 'noscript-then-hangs'),
        fc.integer({ min: 5, max: 60 }),
        fc.constantFrom('count', 'sum', 'concurrent'),
        fc.array(fc.constantFrom<'allow' | 'deny'>('allow', 'deny'), { minLength: 1, maxLength: 3 }),
        async (behaviour, timeoutMs, kind, modes) => {
          const runtime = new Runtime({ limits: new RedisLimitStore({ client: client(behaviour), timeoutMs }) });
          runtime.beforeCapability('refund', { name: 'budget' }, () =>
            Decision.allow().withLimits(
              ...modes.map((onStoreError, i) =>
                kind === 'concurrent'
                  ? { key: `k${i}`, kind, max: 2, onStoreError }
                  : { key: `k${i}`, kind, cost: 1, max: 5, per: '1h', onStoreError },
              ),
            ),
          );
          let ran = 0;
          class Refunds {
            @Capability({ name: 'refund' })
            async refund(): Promise<string> {
              ran++;
              return Promise.resolve('refunded');
            }
          }
          const started = Date.now();
          const outcome = await runtime
            .govern(new Refunds())
            .refund()
            .then(
              (value) => value,
              (error: unknown) => error,
            );
          expect(Date.now() - started).toBeLessThan(timeoutMs + 1_000);
          if (modes.every((mode) => mode === 'allow')) {
            expect(outcome).toBe('refunded');
            expect(ran).toBe(1);
          } else {
            expect(outcome).toBeInstanceOf(CapabilityDeniedError);
            expect(ran).toBe(0);
          }
        },
      ),
      propertyParameters(60),
    );
  });
});
