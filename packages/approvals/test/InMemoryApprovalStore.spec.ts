import { InMemoryApprovalStore } from '@brane/approvals';
import { describeApprovalStoreContract } from '@brane/approvals/testing';
import { sampleRecord } from './fixtures/records';

describeApprovalStoreContract('InMemoryApprovalStore', () => ({ store: new InMemoryApprovalStore() }));

describe('InMemoryApprovalStore', () => {
  it('keeps records per instance', async () => {
    const one = new InMemoryApprovalStore();
    await one.create(sampleRecord());

    await expect(new InMemoryApprovalStore().get(sampleRecord().id)).resolves.toBeUndefined();
    await expect(one.get(sampleRecord().id)).resolves.toStrictEqual(sampleRecord());
  });

  it('rejects rather than throws on bad input (every method returns a promise)', async () => {
    const store = new InMemoryApprovalStore();

    const result = store.get('../x');

    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
