import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApprovalRecord } from '@brane/approvals';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  verifyWebhook,
  WebhookNotifier,
  type ApprovalNotice,
} from '@brane/console';

const SECRET = 'a-webhook-secret';

const record = {
  id: '01JHOOK1',
  status: 'pending',
  capability: 'payments.refund',
  risk: 'high',
  args: { amountUsd: 25_000 },
  tenantId: 'acme',
  agentId: 'agent <!channel>',
  environment: 'prod',
  actionId: 'a',
  traceId: 't',
  policies: [{ name: 'refund_limit', version: '1.0' }],
  request: {
    approverGroups: ['finance'],
    reason: 'Over <https://evil.example|the limit> & more',
    context: {},
    distinctApprover: false,
  },
  requestedAt: '2026-12-06T09:00:00.000Z',
  expiresAt: '2026-12-06T10:00:00.000Z',
  seal: 'x',
} satisfies ApprovalRecord;
const notice: ApprovalNotice = { type: 'approval.requested', record, state: 'pending' };

/** A local receiver answering each POST with the next status of `statuses` (then 204). */
async function receiver(
  statuses: number[],
): Promise<{ url: string; bodies: { body: string; signature: string }[]; close(): Promise<void> }> {
  const bodies: { body: string; signature: string; key: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push({
        body,
        signature: String(request.headers[SIGNATURE_HEADER]),
        key: String(request.headers[IDEMPOTENCY_HEADER]),
      });
      response.writeHead(statuses.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

describe('WebhookNotifier', () => {
  it('posts a signed JSON body a receiver verifies, with Slack-escaped text', async () => {
    const local = await receiver([]);
    try {
      const notifier = new WebhookNotifier({ url: local.url, secret: SECRET, consoleUrl: 'http://127.0.0.1:4319/' });
      await notifier.notify(notice);
      await notifier.idle();
      const [{ body, signature, key }] = local.bodies as [{ body: string; signature: string; key: string }];
      expect(key).toBe('01JHOOK1:approval.requested');
      expect(verifyWebhook(SECRET, body, signature)).toBe(true);
      const parsed = JSON.parse(body) as { text: string; event: Record<string, unknown> };
      expect(parsed.event).toMatchObject({
        type: 'approval.requested',
        approvalId: '01JHOOK1',
        risk: 'high',
        url: 'http://127.0.0.1:4319/approvals/01JHOOK1',
      });
      expect(parsed.text).toContain('agent &lt;!channel&gt;');
      expect(parsed.text).toContain('&lt;https://evil.example|the limit&gt; &amp; more');
      expect(parsed.text.endsWith('<http://127.0.0.1:4319/approvals/01JHOOK1|open in the console>')).toBe(true);
      expect((await notifier.deliveries())[0]).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastError: undefined,
      });
    } finally {
      await local.close();
    }
  });

  it('retries a failing receiver with backoff until it answers', async () => {
    const local = await receiver([500, 503]);
    try {
      const notifier = new WebhookNotifier({ url: local.url, secret: SECRET, consoleUrl: 'http://c', backoffMs: 5 });
      await notifier.notify(notice);
      await notifier.idle();
      expect(local.bodies).toHaveLength(3);
      expect((await notifier.deliveries())[0]).toMatchObject({
        status: 'delivered',
        attempts: 3,
        lastError: undefined,
      });
    } finally {
      await local.close();
    }
  });

  it('gives up after its attempts and keeps the failure for the console', async () => {
    const local = await receiver([500, 500, 500]);
    try {
      const notifier = new WebhookNotifier({
        url: local.url,
        secret: SECRET,
        consoleUrl: 'http://c',
        attempts: 3,
        backoffMs: 1,
      });
      await notifier.notify(notice);
      await notifier.idle();
      expect((await notifier.deliveries())[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500' });
    } finally {
      await local.close();
    }
  });

  it('records a network failure', async () => {
    const local = await receiver([]);
    await local.close();
    const notifier = new WebhookNotifier({
      url: local.url,
      secret: SECRET,
      consoleUrl: 'http://c',
      attempts: 2,
      backoffMs: 1,
    });
    await notifier.notify(notice);
    await notifier.idle();
    expect((await notifier.deliveries())[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: expect.stringContaining('fetch failed') as unknown,
    });
  });

  it.each([
    [{ url: 'ftp://x' }, '`url`'],
    [{ secret: 'short' }, '`secret`'],
    [{ attempts: 0 }, '`attempts`'],
    [{ backoffMs: -1 }, '`backoffMs`'],
  ])('refuses %j', (override, field) => {
    expect(() => new WebhookNotifier({ url: 'http://x', secret: SECRET, consoleUrl: 'http://c', ...override })).toThrow(
      field,
    );
  });

  it('never shows the secret in its error', () => {
    expect(() => new WebhookNotifier({ url: 'http://x', secret: 'tiny-secret', consoleUrl: 'http://c' })).not.toThrow(
      /tiny-secret/,
    );
  });
});
