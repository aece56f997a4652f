import { ApprovalService, FileApprovalStore, loadOrCreateSecret, type ApprovalStore } from '@brane/approvals';
import { randomBytes } from 'node:crypto';
import type { ApprovalOptions } from './ApprovalOptions.js';

/** The key that seals in-memory approvals: one per process, since an in-memory store lives in one process. */
let processSecret: Buffer | undefined;

/**
 * Makes a runtime's approval service from its options: the store (by default the embedded file store
 * under `.brane/approvals`) and the key that seals its records (`secret`, else `BRANE_APPROVAL_SECRET`,
 * else a key file in the file store's directory, else a per-process key for the in-memory store).
 */
export async function createApprovalService(options: ApprovalOptions): Promise<ApprovalService> {
  const store: ApprovalStore = options.store ?? new FileApprovalStore();
  const secret = options.secret ?? process.env['BRANE_APPROVAL_SECRET'] ?? (await defaultSecret(store));
  // Other stores are refused at `new Runtime` without a secret (see Runtime).
  return new ApprovalService({ store, secret, pollIntervalMs: options.pollIntervalMs });
}

async function defaultSecret(store: ApprovalStore): Promise<Uint8Array> {
  if (store instanceof FileApprovalStore) return loadOrCreateSecret(store.directory);
  return (processSecret ??= randomBytes(32));
}
