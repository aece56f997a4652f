import { validateLimit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { describeLimitStoreContract } from '@brane/limits/testing';
import { PostgresLimitStore } from '@brane/postgres';
import { describeWithDatabase } from './harness/testDatabase';

/** A port nothing listens on. */
const NOWHERE = 'postgres://postgres@127.0.0.1:9/postgres';

describeWithDatabase('PostgresLimitStore', (db) => {
  const store = () => new PostgresLimitStore({ pool: db().pool, schema: db().schema });

  describeLimitStoreContract('PostgresLimitStore', () => ({ store: store() }));

  it('drops expired entries of the keys it reserves', async () => {
    const limit = validateLimit({ key: 'pg:expire', max: 5, per: 100 });
    await store().reserve('a1', [limit]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await store().reserve('a2', [limit]);
    const { rows } = await db().pool.query(`SELECT entry FROM "${db().schema}".limit_entries WHERE key = 'pg:expire'`);
    expect(rows).toEqual([{ entry: 'a2|1' }]);
  });
});

describe('PostgresLimitStore without a database', () => {
  it('rejects with LIMIT_STORE_FAILED naming the kind of failure', async () => {
    const store = new PostgresLimitStore({ connectionString: NOWHERE, timeoutMs: 2000 });
    try {
      const error = await store.reserve('a', [validateLimit({ key: 'k', max: 1, per: '1m' })]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BraneError);
      expect(error).toMatchObject({ code: 'LIMIT_STORE_FAILED', details: { kind: 'connection' } });
    } finally {
      await store.close();
    }
  });
});
