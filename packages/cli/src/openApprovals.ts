import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApprovalService, FileApprovalStore, loadOrCreateSecret, type ApprovalStore } from '@brane/approvals';
import { PostgresApprovalStore } from '@brane/postgres';
import { redactedUrl, type ApprovalLocation } from './approvalLocation.js';
import { CliError } from './CliError.js';
import type { CliIo } from './CliIo.js';
import { describeError } from './describeError.js';

/** An approval service the CLI opened, what to call its store in output, and how to close it. */
export interface OpenedApprovals {
  readonly service: ApprovalService;
  /** The store for people: the directory, or the URL (without its password) and schema. */
  readonly where: string;
  /** The store for `--json`: `{ directory }`, or `{ store, schema }`. */
  readonly json: Readonly<Record<string, string>>;
  /** Closes the connections the CLI opened (`await using` calls it). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The approval service on the store at `location`, with the key the runtime uses: `BRANE_APPROVAL_SECRET`, else
 * (for a directory) `<directory>/secret.key`. Unlike the runtime, it never creates a key (nor the directory):
 * with no key and no records there is nothing to read or decide; with records but no key, it fails with
 * `NO_APPROVAL_SECRET`, since no record could be verified.
 */
export async function openApprovals(
  location: ApprovalLocation,
  io: Pick<CliIo, 'env' | 'now'>,
): Promise<OpenedApprovals> {
  const opened = openStore(location);
  try {
    const secret =
      io.env['BRANE_APPROVAL_SECRET'] ??
      (location.kind === 'directory' ? await existingSecret(location.directory) : undefined);
    const service = (key: string | Uint8Array): ApprovalService => {
      try {
        return new ApprovalService({ store: opened.store, secret: key, now: io.now });
      } catch (error) {
        throw new CliError('INVALID_APPROVAL_SECRET', `BRANE_APPROVAL_SECRET: ${describeError(error).message}`);
      }
    };
    if (secret === undefined) {
      if ((await opened.store.list({ limit: 1 })).length > 0) {
        const where =
          location.kind === 'directory'
            ? `there is no ${path.join(location.directory, 'secret.key')}`
            : 'a database store has no key file';
        throw new CliError(
          'NO_APPROVAL_SECRET',
          `No key to verify the approvals in ${opened.where}: set BRANE_APPROVAL_SECRET to the key the runtime uses (${where})`,
        );
      }
      // An empty store: every read finds nothing, so any key will do, and nothing can be written.
      return withDispose({ ...opened, service: service(randomBytes(32)) });
    }
    return withDispose({ ...opened, service: service(secret) });
  } catch (error) {
    await opened.close();
    throw error;
  }
}

function withDispose(opened: Omit<OpenedApprovals, typeof Symbol.asyncDispose>): OpenedApprovals {
  return { ...opened, [Symbol.asyncDispose]: () => opened.close() };
}

function openStore(
  location: ApprovalLocation,
): Omit<OpenedApprovals, 'service' | typeof Symbol.asyncDispose> & { readonly store: ApprovalStore } {
  if (location.kind === 'directory') {
    const { directory } = location;
    return {
      store: new FileApprovalStore({ directory }),
      where: directory,
      json: { directory },
      close: () => Promise.resolve(),
    };
  }
  const store = new PostgresApprovalStore({
    connectionString: location.url,
    schema: location.schema,
    maxConnections: 1,
  });
  const url = redactedUrl(location.url);
  return {
    store,
    where: `${url} (schema ${store.schema})`,
    json: { store: url, schema: store.schema },
    close: () => store.close(),
  };
}

/** The key in `<directory>/secret.key`, or `undefined` if there is none. */
async function existingSecret(directory: string): Promise<Buffer | undefined> {
  try {
    await fs.access(path.join(directory, 'secret.key'));
  } catch {
    return undefined;
  }
  return loadOrCreateSecret(directory);
}
