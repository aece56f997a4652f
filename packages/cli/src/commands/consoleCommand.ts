import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  ConsoleUsers,
  FileConsoleSessions,
  FileWebhookOutbox,
  startConsole,
  TokenAuthenticator,
  WebhookNotifier,
  type WebhookOutboxStore,
} from '@brane/console';
import { PostgresConsoleSessions, PostgresSessionStore, PostgresWebhookOutbox } from '@brane/postgres';
import { Command } from 'commander';
import { approvalLocation, withStoreOptions, type StoreOptions } from '../approvalLocation.js';
import { usageError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';
import { openApprovals } from '../openApprovals.js';
import { nonBlank, positiveInteger } from '../optionParsers.js';
import { consoleUsersCommand, DEFAULT_CONSOLE_DIRECTORY } from './consoleUsersCommand.js';

const DEFAULT_PORT = 4319;
/** The audit log directory the console reads when `--audit` is not given, if it exists: the `JsonlFileSink` default. */
const DEFAULT_AUDIT_DIRECTORY = '.brane/audit';

interface ServeOptions extends StoreOptions {
  readonly host?: string;
  readonly port?: number;
  readonly audit?: string;
  readonly consoleDir?: string;
  readonly webhook?: string;
  readonly url?: string;
  readonly secureCookies?: boolean;
  readonly sessions?: string;
}

/**
 * `brane console`: serves the approval inbox and audit console on the approvals of `--dir` or `--store` (as
 * `brane approvals` reads them), bound to 127.0.0.1, until SIGINT or SIGTERM. `brane console users` manages who
 * may sign in.
 */
export function consoleCommand(io: CliIo, waitForStop: () => Promise<void> = stopSignal): Command {
  return new Command('console')
    .description('the approval inbox and audit console in the browser: serve it (the default), manage its users')
    .addCommand(serveCommand(io, waitForStop), { isDefault: true })
    .addCommand(consoleUsersCommand(io));
}

/** `brane console [serve]`: the server, until SIGINT or SIGTERM. */
function serveCommand(io: CliIo, waitForStop: () => Promise<void>): Command {
  const command = withStoreOptions(new Command('serve'))
    .description('serve the console (sign in with a link from `brane console users add`)')
    .option('--host <address>', 'the interface to bind (default: 127.0.0.1, this machine only)')
    .option('--port <n>', `the port (default: ${DEFAULT_PORT})`, (value) => portNumber(value))
    .option('--audit <path>', 'an audit log file or directory, for the timeline (default: .brane/audit if it exists)')
    .option(
      '--console-dir <path>',
      `the console's directory, with its users file (default: ${DEFAULT_CONSOLE_DIRECTORY})`,
    )
    .option('--webhook <url>', 'POST approval notices here, signed with BRANE_CONSOLE_WEBHOOK_SECRET', nonBlank)
    .option('--url <url>', 'the URL people open, for links in notices (default: the address it listens on)', nonBlank)
    .option(
      '--sessions <url>',
      "the agents' sessions, postgres://… (schema: --schema): detail pages list the session's recent actions",
      nonBlank,
    )
    .option('--secure-cookies', 'mark cookies Secure: set it when a TLS proxy serves the console over https');
  return commandAction<ServeOptions>(command, io, async ({ options, output }) => {
    const webhook = webhookOf(options, io);
    const location = approvalLocation(options, io);
    await using approvals = await openApprovals(location, io);
    const consoleDirectory = path.resolve(io.cwd, options.consoleDir ?? DEFAULT_CONSOLE_DIRECTORY);
    // Notices wait beside the approvals: in the console's directory, or in the database of --store.
    await using outbox =
      webhook === undefined
        ? undefined
        : location.kind === 'postgres'
          ? disposable(
              new PostgresWebhookOutbox({ connectionString: location.url, schema: location.schema, maxConnections: 2 }),
            )
          : disposable(new FileWebhookOutbox(consoleDirectory));
    await using agentSessions = sessionsOf(options);
    // Sign-in sessions too: hashed, surviving a restart, revoked by `brane console users remove`.
    await using sessions =
      location.kind === 'postgres'
        ? disposable(
            new PostgresConsoleSessions({ connectionString: location.url, schema: location.schema, maxConnections: 2 }),
          )
        : disposable(new FileConsoleSessions(consoleDirectory));
    const users = new ConsoleUsers(consoleDirectory);
    const defaultAudit = path.resolve(io.cwd, DEFAULT_AUDIT_DIRECTORY);
    const auditLog =
      options.audit !== undefined
        ? path.resolve(io.cwd, options.audit)
        : existsSync(defaultAudit)
          ? defaultAudit
          : undefined;
    const running = await startConsole({
      approvals: approvals.service,
      authenticator: new TokenAuthenticator(users),
      auditLog,
      sessionBackend: sessions.store,
      agentSessions: agentSessions?.store,
      webhook: webhook?.(
        options.url ?? `http://${options.host ?? '127.0.0.1'}:${options.port ?? DEFAULT_PORT}`,
        outbox?.store,
      ),
      webhookUrl: options.webhook,
      secureCookies: options.secureCookies === true,
      host: options.host,
      port: options.port ?? DEFAULT_PORT,
      now: io.now,
    });
    output.result({ url: running.url, approvals: approvals.json, users: users.file, audit: auditLog ?? null }, () =>
      [
        `Brane console at ${running.url} (approvals in ${approvals.where}; audit log: ${auditLog ?? 'none, see --audit'})`,
        `Sign in with a token from: brane console users add <id> --groups <group,…>`,
        'Stop it with Ctrl-C.',
      ].join('\n'),
    );
    await waitForStop();
    await running.close();
  });
}

/** The notifier factory for `--webhook` (its secret from `BRANE_CONSOLE_WEBHOOK_SECRET`), or none. */
function webhookOf(
  options: ServeOptions,
  io: CliIo,
): ((consoleUrl: string, outbox: WebhookOutboxStore | undefined) => WebhookNotifier) | undefined {
  const url = options.webhook;
  if (url === undefined) return undefined;
  const secret = io.env['BRANE_CONSOLE_WEBHOOK_SECRET'];
  if (secret === undefined || secret.length < 16) {
    throw usageError(
      '--webhook needs BRANE_CONSOLE_WEBHOOK_SECRET: the HMAC key the receiver checks, at least 16 characters.',
    );
  }
  return (consoleUrl, outbox) => new WebhookNotifier({ url, secret, consoleUrl, outbox });
}

/** `store`, closed (if it can be) with the command. */
function disposable<T extends object>(store: T): { readonly store: T; [Symbol.asyncDispose](): Promise<void> } {
  return {
    store,
    [Symbol.asyncDispose]: async () => {
      await (store as { close?: () => Promise<void> }).close?.();
    },
  };
}

/** The sessions store of `--sessions` (PostgreSQL), closed with the command; none without it. */
function sessionsOf(
  options: ServeOptions,
): { readonly store: PostgresSessionStore; [Symbol.asyncDispose](): Promise<void> } | undefined {
  const url = options.sessions;
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw usageError('--sessions must be a postgres:// URL');
  const store = new PostgresSessionStore({ connectionString: url, schema: options.schema, maxConnections: 1 });
  return { store, [Symbol.asyncDispose]: () => store.close() };
}

function portNumber(value: string): number {
  const port = value === '0' ? 0 : positiveInteger(value);
  if (port > 65_535) throw usageError(`--port must be at most 65535 (got ${value})`);
  return port;
}

/** Resolves at the first SIGINT or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
