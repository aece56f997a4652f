import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { PostgresSessionStore } from '@brane/postgres';
import { describeSessionStoreContract } from '@brane/sessions/testing';
import { describeWithDatabase } from './harness/testDatabase';

/** A port nothing listens on. */
const NOWHERE = 'postgres://postgres@127.0.0.1:9/postgres';

describeWithDatabase('PostgresSessionStore', (db) => {
  const truncate = () => db().pool.query(`TRUNCATE "${db().schema}".sessions CASCADE`);

  describeSessionStoreContract('PostgresSessionStore', async ({ limits, now }) => {
    await truncate();
    return { store: new PostgresSessionStore({ pool: db().pool, schema: db().schema, ...limits, now }) };
  });

  it('keeps fingerprints, never values, and a runtime denies on values read in another process', async () => {
    await truncate();
    const secret = 'fleet-secret-'.padEnd(32, 'x');
    const store = () => new PostgresSessionStore({ pool: db().pool, schema: db().schema });
    const reader = new Runtime({ sessions: { store: store(), secret } });
    const read = reader.capability({ name: 'read', produces: ['pii'] }, async () => 'account GB29-NWBK-6016-1331');
    await reader.withContext({ sessionId: 'run_1' }, () => read());

    const sender = new Runtime({ sessions: { store: store(), secret } });
    const send = sender.capability({ name: 'send' }, async (body: string) => body.length);
    sender.beforeCapability('send', { name: 'no_pii' }, (ctx: PolicyContext) =>
      ctx.argLabels('body').includes('pii') ? Decision.deny('pii') : Decision.allow(),
    );
    await expect(sender.withContext({ sessionId: 'run_1' }, () => send('to GB29-NWBK-6016-1331'))).rejects.toThrow(
      CapabilityDeniedError,
    );
    await expect(sender.withContext({ sessionId: 'run_2' }, () => send('to GB29-NWBK-6016-1331'))).resolves.toBe(22);
    const dump = JSON.stringify((await db().pool.query(`SELECT * FROM "${db().schema}".session_fingerprints`)).rows);
    expect(dump).not.toMatch(/GB29|nwbk/i);
    expect(JSON.stringify((await db().pool.query(`SELECT state FROM "${db().schema}".sessions`)).rows)).not.toMatch(
      /GB29/i,
    );
  });

  it('an unreachable database denies the call (fail closed)', async () => {
    const store = new PostgresSessionStore({ connectionString: NOWHERE, timeoutMs: 2_000 });
    await expect(store.load('s1')).rejects.toMatchObject({ code: 'SESSION_STORE_FAILED' });
    const runtime = new Runtime({ sessions: { store, secret: 's'.repeat(32) } });
    let ran = false;
    const read = runtime.capability({ name: 'read' }, async () => {
      ran = true;
    });
    await expect(runtime.withContext({ sessionId: 's1' }, () => read())).rejects.toThrow(CapabilityDeniedError);
    expect(ran).toBe(false);
    await runtime.close();
  });
});
