import { PostgresWebhookOutbox } from '@brane/postgres';
import { describeWithDatabase } from '../../postgres/test/harness/testDatabase';
import { webhookOutboxContract } from './harness/webhookOutboxContract';

describeWithDatabase('PostgresWebhookOutbox', (db) => {
  const truncate = async (): Promise<void> => {
    const schema = db().schema;
    await db().pool.query(
      `TRUNCATE "${schema}".console_webhook_outbox, "${schema}".console_webhook_scan, "${schema}".console_webhook_watch`,
    );
  };
  webhookOutboxContract(async () => {
    await truncate();
    return new PostgresWebhookOutbox({ pool: db().pool, schema: db().schema });
  });

  it('leases each notice to one of two consoles leasing at once (FOR UPDATE SKIP LOCKED)', async () => {
    await truncate();
    const one = new PostgresWebhookOutbox({ pool: db().pool, schema: db().schema });
    const two = new PostgresWebhookOutbox({ pool: db().pool, schema: db().schema });
    await one.enqueue(
      Array.from({ length: 40 }, (_, i) => ({
        key: `K${i}:approval.requested`,
        approvalId: `K${i}`,
        event: 'approval.requested' as const,
        body: '{}',
      })),
      1_000,
    );
    const leases = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? one : two).lease(`owner${i}`, 7, 1_000, 5_000)),
    );
    const keys = leases.flat().map((delivery) => delivery.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(40);
  });
});
