import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ApprovalRecord } from '@brane/approvals';
import { BraneError, describeValue } from '@brane/errors';
import { createConsoleApp, type ConsoleApp, type ConsoleAppOptions } from './createConsoleApp.js';

/** Options of {@link startConsole}: the application's, and where to listen. */
export interface StartConsoleOptions extends ConsoleAppOptions {
  /** The interface to bind. Default `127.0.0.1`: only this machine can reach the console. */
  readonly host?: string | undefined;
  /** The port; `0` picks a free one. Default 4319. */
  readonly port?: number | undefined;
  /** How often the store is read for live updates and webhooks. Default 2,000 ms. */
  readonly watchIntervalMs?: number | undefined;
}

/** A console that is listening. */
export interface RunningConsole extends ConsoleApp {
  /** Its base URL, such as `http://127.0.0.1:4319`. */
  readonly url: string;
  /** Stops listening and watching (open live-update streams are closed). */
  close(): Promise<void>;
}

/**
 * Serves the console over HTTP with Node's `http` server (through `@hono/node-server`), bound to `127.0.0.1`
 * unless told otherwise, and reads the store every `watchIntervalMs` so that open pages update when requests
 * arrive, are decided (here or elsewhere) or expire. With a webhook, each read is also a scan that queues notices
 * in its outbox, and a delivery loop sends them (retries included) until `close`.
 *
 * @example
 * const running = await startConsole({ approvals, authenticator, auditLog: '.brane/audit' });
 * console.log(`Console at ${running.url}`);
 */
export async function startConsole(options: StartConsoleOptions): Promise<RunningConsole> {
  const { host = '127.0.0.1', port = 4319, watchIntervalMs = 2_000 } = options;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `startConsole: \`port\` must be an integer from 0 to 65535 (got ${describeValue(port)})`,
    );
  }
  if (typeof watchIntervalMs !== 'number' || !(watchIntervalMs >= 50)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `startConsole: \`watchIntervalMs\` must be at least 50 (got ${describeValue(watchIntervalMs)})`,
    );
  }
  const consoleApp = createConsoleApp(options);
  const { index } = consoleApp;
  const { webhook, approvals } = options;
  let watching = true;
  let wakeDelivery: (() => void) | undefined;
  const scan = async (pending: readonly ApprovalRecord[]): Promise<void> => {
    if (webhook === undefined) return;
    if ((await webhook.scan(approvals, pending).catch(() => 0)) > 0) wakeDelivery?.();
  };
  // A change this console saw (a decision made here, a request read by a page load) is scanned for at once.
  index.subscribe((_notices, snapshot) => void scan(snapshot.records));
  await scan((await index.refresh()).records); // the first scan ever only watches what is pending
  const server = serve({ fetch: consoleApp.app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  let wake: (() => void) | undefined;
  let lastReadMs = 0;
  const watch = async (): Promise<void> => {
    while (watching) {
      await new Promise<void>((resolve) => {
        // A read of a large store takes a while: never spend more than a third of the time reading.
        const timer = setTimeout(resolve, Math.max(watchIntervalMs, 2 * lastReadMs));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const started = performance.now();
      if (watching) {
        const snapshot = await index.refresh().catch(() => undefined);
        if (snapshot !== undefined) await scan(snapshot.records);
      }
      lastReadMs = performance.now() - started;
    }
  };
  const deliver = async (): Promise<void> => {
    if (webhook === undefined) return;
    while (watching) {
      await webhook.deliverDue().catch(() => 0);
      const next = await webhook.nextDue().catch(() => undefined);
      const waitMs = next === undefined ? watchIntervalMs : Math.min(watchIntervalMs, Math.max(50, next - Date.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wakeDelivery = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const watcher = watch();
  const deliverer = deliver();
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    ...consoleApp,
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      watching = false;
      wake?.();
      wakeDelivery?.();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await Promise.all([watcher, deliverer]);
    },
  };
}
