import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApprovalService, InMemoryApprovalStore, type NewApproval } from '@brane/approvals';
import {
  FileWebhookOutbox,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  verifyWebhook,
  WebhookNotifier,
  type WebhookOutboxStore,
} from '@brane/console';
import { consoleHarness } from './harness/consoleHarness';

const SECRET = 'a-webhook-secret-of-the-test';

interface Received {
  readonly key: string;
  readonly type: string;
  readonly approvalId: string;
  readonly verified: boolean;
}

/** A local receiver; `fail` answers 503 while it is true. */
async function receiver(): Promise<{
  url: string;
  received: Received[];
  fail: { on: boolean };
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const fail = { on: false };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (fail.on) {
        response.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const { event } = JSON.parse(body) as { event: { type: string; approvalId: string } };
      const signature = request.headers[SIGNATURE_HEADER];
      received.push({
        key: String(request.headers[IDEMPOTENCY_HEADER]),
        type: event.type,
        approvalId: event.approvalId,
        verified: verifyWebhook(
          SECRET,
          body,
          typeof signature === 'string' ? signature : undefined,
          Math.floor(clock / 1000),
        ),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    fail,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

let clock: number;

describe('durable webhooks', () => {
  let service: ApprovalService;
  let directory: string;
  let local: Awaited<ReturnType<typeof receiver>>;
  let sequence = 0;
  const notifier = (outbox: WebhookOutboxStore = new FileWebhookOutbox(directory)) =>
    new WebhookNotifier({
      url: local.url,
      secret: SECRET,
      consoleUrl: 'http://127.0.0.1:4319',
      outbox,
      backoffMs: 5,
      attempts: 3,
      now: () => clock,
    });
  const request = async (overrides: Partial<NewApproval> = {}) => {
    sequence += 1;
    return await service.request({
      id: `01JHOOK${String(sequence).padStart(10, '0')}`,
      capability: 'payments.refund',
      args: { amountUsd: 25_000 },
      environment: 'prod',
      actionId: `a${sequence}`,
      traceId: `t${sequence}`,
      policies: [{ name: 'refund_limit', version: '1.0' }],
      request: { approverGroups: ['finance'], reason: 'Over the limit' },
      expiresInMs: 3_600_000,
      ...overrides,
    });
  };
  const decide = (id: string) =>
    service.approve(id, { approver: { id: 'maria@finance', groups: ['finance'], authenticatedBy: 'test' } });
  const events = () => local.received.map((r) => `${r.approvalId}:${r.type}`);

  beforeEach(async () => {
    clock = Date.parse('2026-12-06T09:00:00Z');
    service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 'k'.repeat(32), now: () => clock });
    directory = mkdtempSync(path.join(tmpdir(), 'brane-webhooks-'));
    local = await receiver();
  });
  afterEach(async () => {
    await local.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('announces a request made and decided between two scans: requested, then decided, signed, keyed', async () => {
    const hooks = notifier();
    await hooks.scan(service); // the first scan: the baseline
    clock += 1_000;
    const record = await request();
    await decide(record.id);
    clock += 1_000;
    expect(await hooks.scan(service)).toBe(2);
    await hooks.idle();
    expect(events()).toStrictEqual([`${record.id}:approval.requested`, `${record.id}:approval.decided`]);
    expect(local.received.every((r) => r.verified && r.key === `${r.approvalId}:${r.type}`)).toBe(true);
    expect(await hooks.scan(service)).toBe(0); // scanning again queues nothing twice
  });

  it('does not announce the requests pending before the first scan ever, but announces their end', async () => {
    const before = await request();
    clock += 1; // a request of the very millisecond of the first scan may be announced: never one before it
    const hooks = notifier();
    await hooks.scan(service);
    await decide(before.id);
    clock += 1_000;
    await hooks.scan(service);
    await hooks.idle();
    expect(events()).toStrictEqual([`${before.id}:approval.decided`]);
  });

  it('announces an expiry, which no write marks: the watched request is read again', async () => {
    const hooks = notifier();
    await hooks.scan(service);
    clock += 1_000;
    const record = await request({ expiresInMs: 60_000 });
    await hooks.scan(service);
    clock += 61_000;
    await hooks.scan(service);
    await hooks.idle();
    expect(events()).toStrictEqual([`${record.id}:approval.requested`, `${record.id}:approval.expired`]);
  });

  it('survives a restart: queued notices are delivered, and what happened while it was down is announced', async () => {
    local.fail.on = true;
    const first = notifier();
    await first.scan(service);
    clock += 1_000;
    const queued = await request();
    await first.scan(service);
    await first.deliverDue(); // fails: the receiver is down
    expect((await first.deliveries())[0]).toMatchObject({ status: 'delivering', attempts: 1, lastError: 'HTTP 503' });
    // the console stops; meanwhile a request is made and decided
    clock += 5_000;
    const whileDown = await request();
    await decide(whileDown.id);
    local.fail.on = false;
    const restarted = notifier(new FileWebhookOutbox(directory));
    clock += 1_000;
    await restarted.scan(service);
    await restarted.idle();
    expect(events().sort()).toStrictEqual(
      [
        `${queued.id}:approval.requested`,
        `${whileDown.id}:approval.requested`,
        `${whileDown.id}:approval.decided`,
      ].sort(),
    );
  });

  it('delivers each notice once when two consoles share the outbox', async () => {
    const one = notifier();
    const two = notifier(new FileWebhookOutbox(directory));
    await one.scan(service);
    clock += 1_000;
    const records = [];
    for (let i = 0; i < 12; i++) records.push(await request());
    for (const record of records.slice(0, 6)) await decide(record.id);
    clock += 1_000;
    await Promise.all([one.scan(service), two.scan(service)]);
    await Promise.all([one.idle(), two.idle()]);
    expect(local.received).toHaveLength(18);
    expect(new Set(local.received.map((r) => r.key)).size).toBe(18);
  });

  it('keeps a notice that failed every attempt, with why, for the console', async () => {
    local.fail.on = true;
    const hooks = notifier();
    await hooks.scan(service);
    clock += 1_000;
    await request();
    await hooks.scan(service);
    for (let i = 0; i < 3; i++) {
      await hooks.deliverDue();
      clock += 60_000;
    }
    expect((await hooks.deliveries())[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503' });
    expect(await hooks.nextDue()).toBeUndefined();
  });
});

describe('the notifications page', () => {
  it('shows each notice with its attempts and last error, and a scan that failed', async () => {
    const webhook = new WebhookNotifier({
      url: 'http://127.0.0.1:9/hook',
      secret: SECRET,
      consoleUrl: 'http://127.0.0.1:4319',
      attempts: 1,
      fetch: () => Promise.reject(new Error('connect ECONNREFUSED <receiver>')),
    });
    const harness = consoleHarness({ webhook, webhookUrl: 'http://127.0.0.1:9/hook' });
    try {
      const record = await harness.request();
      await webhook.notify({ type: 'approval.requested', record, state: 'pending' });
      await webhook.deliverDue();
      const broken = {
        list: () => Promise.reject(new Error('store unreachable')),
        get: () => Promise.reject(new Error('store unreachable')),
      } as unknown as Parameters<WebhookNotifier['scan']>[0];
      await expect(webhook.scan(broken)).rejects.toThrow('store unreachable');
      const maria = await harness.signIn('maria@finance', ['finance']);
      const page = await (await harness.fetch('/notifications', { cookie: maria.cookie })).text();
      expect(page).toContain('<strong class="bad">1 failed</strong>');
      expect(page).toContain('Error: connect ECONNREFUSED &lt;receiver&gt;');
      expect(page).toContain(record.id);
      expect(page).toContain('The last scan for notices failed: store unreachable');
    } finally {
      harness.dispose();
    }
  });
});
