import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { readTimeline, verifyLogs, type TimelineQuery } from '../AuditTimeline.js';
import type { ConsoleContext, ConsoleEnv } from '../ConsoleEnv.js';
import { auditPage } from '../views/auditPage.js';
import { notificationsPage } from '../views/notificationsPage.js';
import type { WebhookDelivery } from '../WebhookNotifier.js';

const TIMELINE_FIELDS = ['capability', 'tenant', 'principal', 'outcome', 'since', 'until', 'action'] as const;

/** `GET /audit` (the timeline), `GET /notifications` (webhook deliveries) and `GET /events` (live updates, SSE). */
export function consoleRoutes(context: ConsoleContext): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  routes.get('/audit', async (c) => {
    const query: Record<string, string> = {};
    for (const field of TIMELINE_FIELDS) {
      const value = c.req.query(field);
      if (value !== undefined && value !== '' && value.length <= 256) query[field] = value;
    }
    const { auditLog } = context;
    if (auditLog === undefined) {
      return c.html(
        auditPage(c.get('session'), { query, actions: undefined, verification: undefined, logPath: undefined }),
      );
    }
    try {
      const [actions, verification] = await Promise.all([
        readTimeline(auditLog, query as TimelineQuery),
        verifyLogs(auditLog),
      ]);
      return await c.html(auditPage(c.get('session'), { query, actions, verification, logPath: auditLog }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return c.html(
        auditPage(c.get('session'), { query, actions: [], verification: [], logPath: auditLog, error: message }),
        500,
      );
    }
  });

  routes.get('/notifications', async (c) => {
    const { webhook } = context;
    let deliveries: readonly WebhookDelivery[] = [];
    let error = webhook?.scanError === undefined ? undefined : `The last scan for notices failed: ${webhook.scanError}`;
    try {
      deliveries = (await webhook?.deliveries()) ?? [];
    } catch (failure) {
      error = `Could not read the webhook outbox: ${failure instanceof Error ? failure.message : String(failure)}`;
    }
    return c.html(notificationsPage(c.get('session'), context.webhookUrl, deliveries, error));
  });

  routes.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let version = (await context.index.current()).version;
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ version }) });
      const wake = new Set<() => void>();
      const unsubscribe = context.index.subscribe((_notices, snapshot) => {
        version = snapshot.version;
        for (const resolve of wake) resolve();
      });
      stream.onAbort(unsubscribe);
      let sent = version;
      while (!stream.aborted) {
        await new Promise<void>((resolve) => {
          wake.add(resolve);
          setTimeout(resolve, 15_000).unref();
        });
        wake.clear();
        if (stream.aborted) break;
        if (version !== sent) {
          sent = version;
          await stream.writeSSE({ event: 'inbox', data: JSON.stringify({ version }) });
        } else await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    }),
  );
  return routes;
}
