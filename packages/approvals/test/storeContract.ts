import { ApprovalError, BraneError } from '@brane/errors';
import type { ApprovalRecord, ApprovalStore } from '@brane/approvals';
import { sampleRecord } from './fixtures/records';

/** A store under test and how to dispose of it. */
export interface StoreFixture {
  readonly store: ApprovalStore;
  readonly dispose?: () => void;
}

const byId = (a: ApprovalRecord, b: ApprovalRecord): number => a.id.localeCompare(b.id);

/**
 * The behaviour every {@link ApprovalStore} must have; run it against each implementation (and your own:
 * it is the contract documented on the interface).
 */
export function describeStoreContract(name: string, setup: () => StoreFixture): void {
  describe(`${name} (ApprovalStore contract)`, () => {
    let fixture: StoreFixture;
    let store: ApprovalStore;

    beforeEach(() => {
      fixture = setup();
      store = fixture.store;
    });

    afterEach(() => {
      fixture.dispose?.();
    });

    it('gets undefined for an id it does not hold, and lists nothing when empty', async () => {
      await expect(store.get('01HZX0000000000000000000ZZ')).resolves.toBeUndefined();
      await expect(store.list()).resolves.toStrictEqual([]);
    });

    it('gets and lists what was created, unchanged', async () => {
      const first = sampleRecord();
      const second = sampleRecord({ id: '01HZX0000000000000000000BB', status: 'approved', tenantId: 'globex' });
      await store.create(first);
      await store.create(second);

      await expect(store.get(first.id)).resolves.toStrictEqual(first);
      await expect(store.get(second.id)).resolves.toStrictEqual(second);
      expect((await store.list()).sort(byId)).toStrictEqual([first, second]);
    });

    it('keeps every status a record can have, a withdrawn one with its withdrawal, through create and update', async () => {
      const statuses = ['pending', 'approved', 'rejected', 'executing', 'completed', 'withdrawn'] as const;
      const records = statuses.map((status, i) => sampleRecord({ id: `01HZX00000000000000000000${i}`, status }));
      for (const record of records) await store.create(record);
      const withdrawn = sampleRecord({
        status: 'withdrawn',
        withdrawal: { at: '2023-11-14T22:20:00.000Z', reason: 'The caller abandoned the call: Request cancelled' },
        seal: 'seal-2',
      });
      await store.create(sampleRecord());

      await expect(store.update(withdrawn, 'seal-1')).resolves.toBe(true);

      await expect(store.get(withdrawn.id)).resolves.toStrictEqual(withdrawn);
      expect((await store.list()).sort(byId)).toStrictEqual([...records, withdrawn].sort(byId));
      // A withdrawn record is final for the service, not the store: the store keeps whatever the service seals.
      const after = sampleRecord({ status: 'approved', seal: 'seal-3' });
      await expect(store.update(after, 'seal-2')).resolves.toBe(true);
    });

    it('refuses to create a record whose id exists, and keeps the first', async () => {
      const first = sampleRecord();
      await store.create(first);

      const duplicate = store.create(sampleRecord({ capability: 'other', seal: 'seal-2' }));

      await expect(duplicate).rejects.toThrow(ApprovalError);
      await expect(duplicate).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED', approvalId: first.id });
      await expect(store.get(first.id)).resolves.toStrictEqual(first);
      await expect(store.list()).resolves.toHaveLength(1);
    });

    it('updates only when the stored seal is the expected one (compare-and-set)', async () => {
      const first = sampleRecord();
      await store.create(first);
      const next = sampleRecord({ status: 'approved', seal: 'seal-2' });

      await expect(store.update(next, 'not-the-seal')).resolves.toBe(false);
      await expect(store.get(first.id)).resolves.toStrictEqual(first);

      await expect(store.update(next, 'seal-1')).resolves.toBe(true);
      await expect(store.get(first.id)).resolves.toStrictEqual(next);

      // The old seal no longer matches: a second writer that read the first record loses.
      await expect(store.update(sampleRecord({ status: 'rejected', seal: 'seal-3' }), 'seal-1')).resolves.toBe(false);
      await expect(store.get(first.id)).resolves.toStrictEqual(next);
    });

    it('does not update a record that does not exist, nor create it', async () => {
      await expect(store.update(sampleRecord(), 'seal-1')).resolves.toBe(false);
      await expect(store.get(sampleRecord().id)).resolves.toBeUndefined();
    });

    it('lets exactly one of many concurrent updates with the same expected seal win', async () => {
      await store.create(sampleRecord());
      const writers = Array.from({ length: 10 }, (_, i) => sampleRecord({ status: 'executing', seal: `seal-w${i}` }));

      const results = await Promise.all(writers.map((next) => store.update(next, 'seal-1')));

      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = writers[results.indexOf(true)];
      await expect(store.get(sampleRecord().id)).resolves.toStrictEqual(winner);
    });

    it('returns copies: mutating a created, returned or listed record does not change the store', async () => {
      const record = sampleRecord();
      const created = structuredClone(record) as { args: Record<string, unknown>; status: string };
      await store.create(created as unknown as ApprovalRecord);
      created.args['amount'] = 1;

      const got = (await store.get(record.id)) as unknown as { args: Record<string, unknown>; status: string };
      got.status = 'approved';
      got.args['amount'] = 2;
      const [listed] = (await store.list()) as unknown as { request: { approverGroups: string[] } }[];
      listed!.request.approverGroups.push('everyone');

      await expect(store.get(record.id)).resolves.toStrictEqual(record);
      expect(await store.get(record.id)).not.toBe(await store.get(record.id));
    });

    it.each([[''], ['../etc/passwd'], ['a/b'], ['a.b'], ['..'], ['x'.repeat(129)], ['é'], [42], [undefined]])(
      'rejects the invalid id %p with INVALID_ARGUMENT in every method',
      async (id) => {
        const record = sampleRecord({ id: id as string });
        for (const call of [
          () => store.get(id as string),
          () => store.create(record),
          () => store.update(record, 's'),
        ]) {
          await expect(call()).rejects.toThrow(BraneError);
          await expect(call()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        }
      },
    );

    it('accepts ids up to 128 letters, digits, `_` and `-`', async () => {
      const id = `${'a'.repeat(60)}_-${'Z9'.repeat(33)}`;
      await store.create(sampleRecord({ id }));

      await expect(store.get(id)).resolves.toMatchObject({ id });
    });

    it('refuses records that are not JSON data, or have no string seal, naming the field', async () => {
      const withDate = sampleRecord({ args: { at: new Date(0) } });
      const unsealed = { ...sampleRecord(), seal: undefined } as unknown as ApprovalRecord;

      await expect(store.create(withDate)).rejects.toThrow(/`record\.args\.at` is a Date/);
      await expect(store.create(unsealed)).rejects.toThrow(/`record\.seal` must be a string/);
      await expect(store.create(null as unknown as ApprovalRecord)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await store.create(sampleRecord());
      await expect(store.update(withDate, 'seal-1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.update(sampleRecord(), 7 as unknown as string)).rejects.toThrow(/`expectedSeal` must be/);
      await expect(store.list()).resolves.toStrictEqual([sampleRecord()]);
    });
  });
}
