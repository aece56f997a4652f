import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApprovalService, FileApprovalStore, loadOrCreateSecret } from '@brane/approvals';
import { CliError } from './CliError.js';
import type { CliIo } from './CliIo.js';
import { describeError } from './describeError.js';

/**
 * The approval service on the embedded file store in `directory`, with the key the runtime uses by default:
 * `BRANE_APPROVAL_SECRET`, else `<directory>/secret.key`. Unlike the runtime, it never creates a key (nor the
 * directory): with no key and no records there is nothing to read or decide; with records but no key, it fails
 * with `NO_APPROVAL_SECRET`, since no record could be verified.
 */
export async function openApprovals(directory: string, io: Pick<CliIo, 'env' | 'now'>): Promise<ApprovalService> {
  const store = new FileApprovalStore({ directory });
  const secret = io.env['BRANE_APPROVAL_SECRET'] ?? (await existingSecret(directory));
  if (secret === undefined) {
    if ((await store.list()).length > 0) {
      throw new CliError(
        'NO_APPROVAL_SECRET',
        `No key to verify the approvals in ${directory}: set BRANE_APPROVAL_SECRET to the key the runtime uses (there is no ${path.join(directory, 'secret.key')})`,
      );
    }
    // An empty store: every read finds nothing, so any key will do, and nothing can be written.
    return new ApprovalService({ store, secret: randomBytes(32), now: io.now });
  }
  try {
    return new ApprovalService({ store, secret, now: io.now });
  } catch (error) {
    throw new CliError('INVALID_APPROVAL_SECRET', `BRANE_APPROVAL_SECRET: ${describeError(error).message}`);
  }
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
