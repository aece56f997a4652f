import { PostgresApprovalStore } from '@brane/postgres';
import { describeWithDatabase } from '../../postgres/test/harness/testDatabase';
import { consoleHarness, type Harness } from './harness/consoleHarness';

describeWithDatabase('the console on PostgresApprovalStore', (db) => {
  let harness: Harness;
  beforeEach(async () => {
    await db().pool.query(`TRUNCATE "${db().schema}".approvals`);
    harness = consoleHarness({}, new PostgresApprovalStore({ pool: db().pool, schema: db().schema }));
  });
  afterEach(() => {
    harness.dispose();
  });

  it('lists pending requests newest first and records the signed-in approver', async () => {
    const older = await harness.request();
    const newer = await harness.request({ tenantId: 'globex' });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const inbox = await (await harness.fetch('/', { cookie: maria.cookie })).text();
    expect(inbox.indexOf(newer.id)).toBeLessThan(inbox.indexOf(older.id));
    expect(await (await harness.fetch('/?tenant=globex', { cookie: maria.cookie })).text()).not.toContain(older.id);
    expect((await maria.decide(older.id, 'approved', { comment: 'ok' })).status).toBe(303);
    expect((await harness.service.get(older.id)).decision).toMatchObject({
      by: 'maria@finance',
      authenticated: true,
      authenticatedBy: 'brane-console:token',
      groups: ['finance'],
    });
  });

  it('lets one of two approvers deciding at once win', async () => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance']);
    const ana = await harness.signIn('ana@finance', ['finance']);
    const statuses = (await Promise.all([maria.decide(record.id, 'approved'), ana.decide(record.id, 'approved')])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toStrictEqual([303, 409]);
  });
});
