import type { PostgresPool, PostgresQuery } from '@brane/postgres';

/** A pool that refuses every query (as a database that does not answer) while `state.down`. */
export function switchablePool(pool: PostgresPool, state: { down: boolean }): PostgresPool {
  return {
    query: (config: PostgresQuery) =>
      state.down
        ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        : pool.query(config),
    connect: () => pool.connect(),
    end: () => Promise.resolve(),
  };
}
