import type { ApprovalStore } from '@brane/approvals';
import type { AuditSink } from '@brane/audit';

/**
 * The stores a runtime uses when its options name none: the embedded file stores. They are registered, not
 * imported, by the runtime, so that a bundled app that never uses them does not carry them (nor their file
 * locks). `@brane/core` registers them when Node loads it (see `fileStoreDefaults`).
 */
export interface DefaultStores {
  /** The approval store of `approvals: {}` (a `FileApprovalStore` under `.brane/approvals`). */
  readonly createDefaultApprovalStore: () => ApprovalStore;
  /**
   * For a store that keeps the key sealing its records itself (a file store's `secret.key`): how to load it.
   * `undefined` for any other store.
   */
  readonly storedSecret: (store: ApprovalStore) => (() => Promise<Uint8Array>) | undefined;
  /** The sink of `audit: {}` (a `JsonlFileSink` under `.brane/audit`). */
  readonly createDefaultAuditSink: () => AuditSink;
}

let registered: DefaultStores | undefined;

/**
 * Makes `defaults` the stores of every runtime made from now on that names none, and returns them. `undefined`
 * registers none, as in an app bundled without them: `approvals: {}` and `audit: {}` are then refused.
 */
export function registerDefaultStores<D extends DefaultStores | undefined>(defaults: D): D {
  registered = defaults;
  return defaults;
}

/** The registered default stores, or `undefined` when a bundler dropped their registration. */
export function defaultStores(): DefaultStores | undefined {
  return registered;
}

/** What a bundled app is told when it relies on a default store that is not in its bundle. */
export function missingDefault(where: string, what: string, option: string): string {
  return `${where}: ${what} is an embedded file store, which is not in this bundle (a bundler drops it when nothing imports it): pass ${option}, or call \`useFileStoreDefaults()\` from \`@brane/sdk\` once at start`;
}
