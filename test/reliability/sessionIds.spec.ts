import { randomUUID } from 'node:crypto';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { PostgresSessionStore } from '@brane/postgres';
import { RedisSessionStore } from '@brane/redis';
import { InMemorySessionStore, type SessionStore } from '@brane/sessions';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { describeWithRedis } from '../../packages/redis/test/describeWithRedis';
import { propertyParameters } from './propertyRuns.js';

/*
 * Session ids of any UTF-16 string (lone surrogates, NUL and other control characters, `{` `}` of Redis hash tags,
 * `__proto__`, astral characters, up to past the longest) on every session store: `withContext` refuses the id with
 * a ConfigurationError, or the session's labels are held by that session alone. Two ids that differ are two sessions
 * in every store (Redis and PostgreSQL stored a lone surrogate as U+FFFD: `a\uD800` read the labels of `a\uDC00`),
 * and an id a store cannot keep (NUL in PostgreSQL, an id too long for its index) never reaches it.
 */
jest.setTimeout(5 * 60_000);

const unit = fc.constantFrom('a', '{', '}', ':', '\uD800', '\uDC00', '\uFFFD', '\uD83D\uDE00', '\u0000', '\u001b', '_');
const anyId = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.string({ unit, minLength: 1, maxLength: 10 }),
  fc.constantFrom('__proto__', 'constructor', 'toString'),
  fc.integer({ min: 250, max: 260 }).map((n) => 's'.repeat(n)),
);
/** Two ids: drawn apart, or the second the first with every lone surrogate written another way. */
const idPair = fc.oneof(
  fc.tuple(anyId, anyId),
  anyId.chain((id) =>
    fc.constantFrom('\uFFFD', '\uDC00', '\uD800').map((other) => [id, id.replace(/\p{Cs}/gu, other)] as const),
  ),
);

/**
 * Runs the property on stores made by `store`: each empty, or (`shared`) one shared with earlier cases, whose ids
 * then get a fresh prefix so that cases stay apart.
 */
async function labelsApart(store: () => SessionStore, shared = false): Promise<void> {
  await fc.assert(
    fc.asyncProperty(idPair, async ([tainted, clean]) => {
      const prefix = shared ? `${randomUUID().slice(0, 8)}-` : '';
      const [a, b] = [prefix + tainted, prefix + clean];
      const runtime = new Runtime({
        sessions: { store: store(), secret: 'session-ids-property-secret-of-32-characters' },
      });
      const read = runtime.capability({ name: 'read_record', produces: ['pii'] }, async () => 'record');
      let seen: readonly string[] | undefined;
      const send = runtime.capability({ name: 'send' }, async () => 'sent');
      runtime.beforeCapability('send', { name: 'observe' }, (ctx: PolicyContext) => {
        seen = ctx.session.labels;
        return Decision.allow();
      });
      const inSession = async (id: string, fn: () => Promise<unknown>): Promise<'refused' | 'ran'> => {
        try {
          await runtime.withContext({ sessionId: id }, fn);
          return 'ran';
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
          return 'refused';
        }
      };
      const first = await inSession(a, read);
      const second = await inSession(b, send);
      if (second === 'ran') {
        expect(seen).toEqual(first === 'ran' && a === b ? ['pii'] : []);
      }
      await runtime.close();
    }),
    propertyParameters(60),
  );
}

describe('session ids on the in-memory store (property)', () => {
  it('are refused, or hold their own labels alone', async () => {
    await labelsApart(() => new InMemorySessionStore());
  });
});

describeWithDatabase('session ids on PostgresSessionStore (property)', (db) => {
  it('are refused, or hold their own labels alone', async () => {
    await labelsApart(() => new PostgresSessionStore({ pool: db().pool, schema: db().schema }), true);
  });
});

describeWithRedis('session ids on RedisSessionStore (property)', (client) => {
  it('are refused, or hold their own labels alone', async () => {
    await labelsApart(() => new RedisSessionStore({ client: client(), prefix: `brane:session-ids:${randomUUID()}:` }));
  });
});
