import {
  ApprovalService,
  InMemoryApprovalStore,
  recordToJson,
  type ApprovalBinding,
  type ApprovalRecord,
  type NewApproval,
} from '@brane/approvals';
import { SECRET, T0, newApproval } from './fixtures/records';

const ID = newApproval().id;

function bindingOf(init: NewApproval): ApprovalBinding {
  return { capability: init.capability, args: init.args, tenantId: init.tenantId, principalId: init.principalId };
}

/** A memory store with `replace` (compare-and-set on the whole record), counting the calls the service makes. */
class ReplacingStore extends InMemoryApprovalStore {
  readonly calls = { get: 0, update: 0, replace: 0 };

  override async get(id: string): Promise<ApprovalRecord | undefined> {
    this.calls.get += 1;
    return super.get(id);
  }

  override async update(next: ApprovalRecord, expectedSeal: string): Promise<boolean> {
    this.calls.update += 1;
    return super.update(next, expectedSeal);
  }

  async replace(next: ApprovalRecord, expected: ApprovalRecord): Promise<boolean> {
    this.calls.replace += 1;
    const stored = await super.get(next.id);
    if (stored === undefined || recordToJson(stored) !== recordToJson(expected)) return false;
    return super.update(next, expected.seal);
  }

  /** Rewrites the stored record as someone without the secret would: same seal, another field. */
  async alter(change: Partial<ApprovalRecord>): Promise<void> {
    const stored = (await super.get(ID)) as ApprovalRecord;
    await super.update({ ...stored, ...change }, stored.seal);
  }
}

function setup(store = new ReplacingStore()) {
  return { store, service: new ApprovalService({ store, secret: SECRET, now: () => T0 }) };
}

describe('ApprovalService on a store with replace (one statement per step)', () => {
  it('runs request, approve, claim and complete without reading, and the record verifies', async () => {
    const { store, service } = setup();

    await service.request(newApproval());
    await service.approve(ID, { approver: 'maria' });
    await service.claim(ID, bindingOf(newApproval()));
    await service.complete(ID, { outcome: 'succeeded' });

    expect(store.calls).toEqual({ get: 0, update: 0, replace: 3 });
    await expect(service.get(ID)).resolves.toMatchObject({ status: 'completed', execution: { outcome: 'succeeded' } });
  });

  it('still refuses a record altered in the store since this service wrote it (APPROVAL_TAMPERED)', async () => {
    const { store, service } = setup();
    await service.request(newApproval());
    await store.alter({ principalId: 'mallory' });

    await expect(service.approve(ID, { approver: 'maria' })).rejects.toMatchObject({ code: 'APPROVAL_TAMPERED' });
  });

  it('decides on the stored record when another service moved it: the error says what that one did', async () => {
    const { store, service } = setup();
    const other = setup(store).service;
    await service.request(newApproval());
    await other.reject(ID, { approver: 'maria' });

    const approving = service.approve(ID, { approver: 'omar' });
    await expect(approving).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_DECIDED' });
    await expect(approving).rejects.toThrow(/rejected by maria/);
    await expect(service.get(ID)).resolves.toMatchObject({ status: 'rejected', decision: { by: 'maria' } });
  });

  it('keeps its own copy: mutating a returned record changes nothing it decides or stores', async () => {
    const { service } = setup();
    await service.request(newApproval());
    const approved = await service.approve(ID, { approver: 'maria' });
    (approved.args as Record<string, unknown>)['amount'] = 1;
    (approved as { status: string }).status = 'pending';

    const claimed = await service.claim(ID, bindingOf(newApproval()));

    expect(claimed.args).toEqual(newApproval().args);
    await expect(service.get(ID)).resolves.toMatchObject({ status: 'executing', args: newApproval().args });
  });
});
