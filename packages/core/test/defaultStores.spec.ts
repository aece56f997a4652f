import { InMemoryApprovalStore } from '@brane/approvals';
import { MemoryAuditSink } from '@brane/audit';
import { Decision } from '@brane/decisions';
import { ApprovalRequiredError, ConfigurationError } from '@brane/errors';
import { Runtime, fileStoreDefaults, registerDefaultStores, useFileStoreDefaults } from '@brane/core';

/** A runtime whose only capability always needs approval. */
function approvalRuntime(runtime: Runtime): () => Promise<unknown> {
  const refund = runtime.capability({ name: 'refund_customer' }, async (customerId: string) => customerId);
  runtime.beforeCapability('refund_customer', { name: 'human' }, () =>
    Decision.requireApproval({ approverGroup: 'finance', reason: 'needs a human' }),
  );
  return () => refund('cust_1');
}

describe('default stores', () => {
  afterEach(() => {
    useFileStoreDefaults();
  });

  it('are the file stores once Brane is loaded, as before', () => {
    expect(fileStoreDefaults.createDefaultAuditSink().name).toMatch(/jsonl/i);
    expect(fileStoreDefaults.createDefaultApprovalStore().constructor.name).toBe('FileApprovalStore');
  });

  it('refuses `audit: {}` with a ConfigurationError when no default sink is registered (a bundle without it)', () => {
    registerDefaultStores(undefined);

    expect(() => new Runtime({ audit: {} })).toThrow(ConfigurationError);
    expect(() => new Runtime({ audit: {} })).toThrow(/default audit sink .* not in this bundle.*useFileStoreDefaults/);
    expect(() => new Runtime({ audit: { sinks: [new MemoryAuditSink()] } })).not.toThrow();
  });

  it('refuses a default approval store only when an approval is needed', async () => {
    registerDefaultStores(undefined);
    const call = approvalRuntime(new Runtime());

    await expect(call()).rejects.toThrow(/default approval store .* not in this bundle.*approvals: \{ store \}/);
    const withStore = approvalRuntime(new Runtime({ approvals: { store: new InMemoryApprovalStore() } }));
    await expect(withStore()).rejects.toBeInstanceOf(ApprovalRequiredError);
  });

  it('asks for a secret for a store it cannot recognise as embedded', () => {
    registerDefaultStores(undefined);
    const fileLike = fileStoreDefaults.createDefaultApprovalStore();

    expect(() => new Runtime({ approvals: { store: fileLike } })).toThrow(/`approvals.secret`/);
    useFileStoreDefaults();
    expect(() => new Runtime({ approvals: { store: fileLike } })).not.toThrow();
  });
});
