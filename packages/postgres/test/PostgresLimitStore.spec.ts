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

  it('keeps the previous version of reserve_limits working (a fleet upgrading): its entries count, without a token', async () => {
    const limit = validateLimit({ key: 'pg:previous', kind: 'concurrent', max: 2 });
    const schema = db().schema;
    const previous = await db().pool.query(`SELECT granted FROM "${schema}".reserve_limits($1, $2, $3, $4, $5, $6)`, [
      'old1',
      [limit.key],
      [1],
      [2],
      [limit.leaseMs],
      ['concurrent'],
    ]);
    expect(previous.rows).toEqual([{ granted: true }]);
    await expect(store().reserve('old1', [limit])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const current = await store().reserve('new1', [limit]);
    expect(current.granted).toBe(true);
    expect(await store().usage(limit.key)).toMatchObject({ used: 2 });
    const { rows } = await db().pool.query(
      `SELECT entry, token IS NULL AS tokenless FROM "${schema}".limit_entries WHERE key = $1 ORDER BY entry`,
      [limit.key],
    );
    expect(rows).toEqual([
      { entry: 'new1|1', tokenless: false },
      { entry: 'old1|1', tokenless: true },
    ]);
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
