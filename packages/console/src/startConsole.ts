import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
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
 * unless told otherwise, and reads the store every `watchIntervalMs` so that open pages update and webhooks fire
 * when requests arrive, are decided (here or elsewhere) or expire.
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
  if (options.webhook !== undefined) {
    const webhook = options.webhook;
    index.subscribe((notices) => {
      for (const notice of notices) webhook.notify(notice);
    });
  }
  await index.refresh(); // the baseline: requests pending at start are not announced again
  const server = serve({ fetch: consoleApp.app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  let watching = true;
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
      if (watching) await index.refresh().catch(() => undefined);
      lastReadMs = performance.now() - started;
    }
  };
  const watcher = watch();
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    ...consoleApp,
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      watching = false;
      wake?.();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await watcher;
    },
  };
}
