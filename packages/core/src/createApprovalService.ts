import { ApprovalService, InMemoryApprovalStore, type ApprovalStore } from '@brane/approvals';
import { ConfigurationError } from '@brane/errors';
import { randomBytes } from 'node:crypto';
import type { ApprovalOptions } from './ApprovalOptions.js';
import { defaultStores, missingDefault } from './defaultStores.js';

/** The key that seals in-memory approvals: one per process, since an in-memory store lives in one process. */
let processSecret: Buffer | undefined;

/**
 * Makes a runtime's approval service from its options: the store (by default the embedded file store
 * under `.brane/approvals`) and the key that seals its records (`secret`, else `BRANE_APPROVAL_SECRET`,
 * else a key file in the file store's directory, else a per-process key for the in-memory store).
 */
export async function createApprovalService(options: ApprovalOptions): Promise<ApprovalService> {
  const store: ApprovalStore = options.store ?? defaultApprovalStore();
  const secret = options.secret ?? process.env['BRANE_APPROVAL_SECRET'] ?? (await defaultSecret(store));
  // Other stores are refused at `new Runtime` without a secret (see Runtime).
  return new ApprovalService({ store, secret, pollIntervalMs: options.pollIntervalMs });
}

function defaultApprovalStore(): ApprovalStore {
  const defaults = defaultStores();
  if (defaults === undefined) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      missingDefault('Runtime', 'the default approval store', '`approvals: { store }`'),
    );
  }
  return defaults.createDefaultApprovalStore();
}

async function defaultSecret(store: ApprovalStore): Promise<Uint8Array> {
  const stored = defaultStores()?.storedSecret(store);
  if (stored !== undefined) return stored();
  return (processSecret ??= randomBytes(32));
}

/** A store of your own needs a key that every process shares; refuse to start without one. */
export function requireSecretFor(store: ApprovalStore | undefined, secret: unknown): void {
  const embedded =
    store === undefined || store instanceof InMemoryApprovalStore || defaultStores()?.storedSecret(store) !== undefined;
  if (embedded || secret !== undefined || process.env['BRANE_APPROVAL_SECRET'] !== undefined) return;
  throw new ConfigurationError(
    'INVALID_OPTIONS',
    'new Runtime: `approvals.secret` (or BRANE_APPROVAL_SECRET) is required with an approval store of your own: every process that resumes approvals must seal them with the same key',
  );
}
