import { ApprovalService, InMemoryApprovalStore } from '@brane/approvals';
import { ConsoleUsers, FileWebhookOutbox, startConsole, TokenAuthenticator, WebhookNotifier } from '@brane/console';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { webhookReceiver } from '../e2e/webhookReceiver';
import { requestRefund } from './harness/requestRefund';

const SECRET = 'a-webhook-secret-of-the-test';

describe('startConsole', () => {
  it('binds 127.0.0.1 by default, and streams a live update when a request arrives', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'brane-start-'));
    const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 's'.repeat(32) });
    const users = new ConsoleUsers(directory);
    const running = await startConsole({
      approvals: service,
      authenticator: new TokenAuthenticator(users),
      port: 0,
      watchIntervalMs: 50,
    });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { token } = await users.add({ id: 'maria', groups: ['finance'] });
      const signIn = await fetch(`${running.url}/sign-in`, {
        method: 'POST',
        headers: { origin: running.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
        redirect: 'manual',
      });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const events = await fetch(`${running.url}/events`, { headers: { cookie } });
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      const reader = (events.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      expect(text).toContain('event: hello');
      await service.request({
        id: '01JLIVE1',
        capability: 'payments.refund',
        args: {},
        environment: 'prod',
        actionId: 'a',
        traceId: 't',
        policies: [],
        request: { approverGroups: [], reason: 'r' },
        expiresInMs: 60_000,
      });
      while (!text.includes('event: inbox')) text += decoder.decode((await reader.read()).value);
      expect(text).toMatch(/event: inbox\ndata: \{"version":2\}/);
      await reader.cancel();
    } finally {
      await running.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it.each([
    [{ port: 70_000 }, '`port`'],
    [{ port: 1.5 }, '`port`'],
    [{ watchIntervalMs: 1 }, '`watchIntervalMs`'],
  ])('refuses %j', async (options, field) => {
    const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 's'.repeat(32) });
    await expect(
      startConsole({
        approvals: service,
        authenticator: new TokenAuthenticator(new ConsoleUsers('/tmp/x')),
        ...options,
      }),
    ).rejects.toThrow(field);
  });
});

describe('startConsole with a webhook', () => {
  it('delivers what happened while it was stopped once it is started again (file outbox)', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'brane-start-hook-'));
    const local = await webhookReceiver(SECRET);
    const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 's'.repeat(32) });
    const start = () =>
      startConsole({
        approvals: service,
        authenticator: new TokenAuthenticator(new ConsoleUsers(directory)),
        webhook: new WebhookNotifier({
          url: local.url,
          secret: SECRET,
          consoleUrl: 'http://127.0.0.1',
          outbox: new FileWebhookOutbox(directory),
          backoffMs: 10,
        }),
        port: 0,
        watchIntervalMs: 50,
      });
    const request = (id: string) => requestRefund(service, id);
    const until = async (count: number): Promise<void> => {
      for (let i = 0; i < 200 && local.received.length < count; i++) await new Promise((r) => setTimeout(r, 25));
    };
    try {
      let running = await start();
      await request('01JLIVEHOOK1');
      await until(1);
      await running.close();
      await request('01JLIVEHOOK2');
      await service.approve('01JLIVEHOOK2', { approver: { id: 'maria', groups: [], authenticatedBy: 'test' } });
      running = await start();
      await until(3);
      await running.close();
      expect(local.received.map((r) => `${r.approvalId} ${r.type} ${r.verified}`)).toStrictEqual([
        '01JLIVEHOOK1 approval.requested true',
        '01JLIVEHOOK2 approval.requested true',
        '01JLIVEHOOK2 approval.decided true',
      ]);
    } finally {
      await local.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
