import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApprovalService } from '@brane/approvals';
import { IDEMPOTENCY_HEADER, WebhookNotifier } from '@brane/console';
import { PostgresApprovalStore, PostgresWebhookOutbox } from '@brane/postgres';
import { describeWithDatabase } from '../../postgres/test/harness/testDatabase';
import { webhookOutboxContract } from './harness/webhookOutboxContract';
import { requestRefund } from './harness/requestRefund';

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

describeWithDatabase('webhooks of two consoles on PostgreSQL', (db) => {
  it('announce a request made and decided between two scans once each, across a restart', async () => {
    const schema = db().schema;
    await db().pool.query(
      `TRUNCATE "${schema}".approvals, "${schema}".console_webhook_outbox, "${schema}".console_webhook_scan, "${schema}".console_webhook_watch`,
    );
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(String(request.headers[IDEMPOTENCY_HEADER]));
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const service = new ApprovalService({
      store: new PostgresApprovalStore({ pool: db().pool, schema }),
      secret: 'k'.repeat(32),
    });
    const consoleOn = () =>
      new WebhookNotifier({
        url,
        secret: 's'.repeat(32),
        consoleUrl: 'http://c',
        outbox: new PostgresWebhookOutbox({ pool: db().pool, schema }),
      });
    try {
      const [one, two] = [consoleOn(), consoleOn()];
      await one.scan(service);
      const ids = Array.from({ length: 6 }, (_, i) => `01JPGHOOK${String(i).padStart(8, '0')}`);
      for (const id of ids) {
        await requestRefund(service, id);
      }
      for (const id of ids.slice(0, 3))
        await service.approve(id, { approver: { id: 'maria', groups: [], authenticatedBy: 'test' } });
      await Promise.all([one.scan(service), two.scan(service)]);
      await Promise.all([one.idle(), two.idle()]);
      const restarted = consoleOn(); // a third process, after both stopped: nothing is left to send
      await restarted.scan(service);
      await restarted.idle();
      expect(received.sort()).toStrictEqual(
        [
          ...ids.map((id) => `${id}:approval.requested`),
          ...ids.slice(0, 3).map((id) => `${id}:approval.decided`),
        ].sort(),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
