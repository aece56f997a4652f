import { PostgresConsoleSessions } from '@brane/postgres';
import { describeWithDatabase } from '../../postgres/test/harness/testDatabase';
import { consoleSessionsContract } from './harness/consoleSessionsContract';

describeWithDatabase('PostgresConsoleSessions', (db) => {
  consoleSessionsContract(async () => {
    await db().pool.query(`TRUNCATE "${db().schema}".console_sessions`);
    return new PostgresConsoleSessions({ pool: db().pool, schema: db().schema });
  });
});
