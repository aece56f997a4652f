import { FileApprovalStore, loadOrCreateSecret } from '@brane/approvals';
import { JsonlFileSink } from '@brane/audit';
import { registerDefaultStores, type DefaultStores } from './defaultStores.js';
import { useApprovals } from './features/useApprovals.js';
import { useAudit } from './features/useAudit.js';

/**
 * Registers the embedded file stores as the defaults of `approvals: {}` (a `FileApprovalStore` under
 * `.brane/approvals`, sealed with its `secret.key`) and `audit: {}` (a `JsonlFileSink` under `.brane/audit`).
 * Node does this when it loads Brane; call it once at start in an app bundled without them (see Bundling). It
 * registers approvals and the audit trail too (`useApprovals()`, `useAudit()`), which those stores serve.
 */
export function useFileStoreDefaults(): DefaultStores {
  useApprovals();
  useAudit();
  return registerDefaultStores({
    createDefaultApprovalStore: () => new FileApprovalStore(),
    storedSecret: (store) =>
      store instanceof FileApprovalStore ? () => loadOrCreateSecret(store.directory) : undefined,
    createDefaultAuditSink: () => new JsonlFileSink(),
  });
}
