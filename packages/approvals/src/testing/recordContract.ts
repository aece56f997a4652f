import assert from 'node:assert/strict';
import type { ApprovalRecord } from '../ApprovalRecord.js';
import type { ApprovalStore } from '../ApprovalStore.js';
import type { ContractTestApi } from '@brane/errors/testing';
import { rejectsWith } from './rejectsWith.js';
import { sampleApprovalRecord as sample } from './sampleApprovalRecord.js';

const INVALID_IDS: readonly unknown[] = ['', '../etc/passwd', 'a/b', 'a.b', '..', 'x'.repeat(129), 'é', 42, undefined];

/** Registers the tests of `create`, `get` and `update`: the record lifecycle of every store. */
export function recordContract(api: ContractTestApi, store: () => ApprovalStore): void {
  const { it } = api;

  it('gets undefined for an id it does not hold, and lists nothing when empty', async () => {
    assert.equal(await store().get('01HZX0000000000000000000ZZ'), undefined);
    assert.deepEqual(await store().list(), []);
  });

  it('gets and lists what was created, unchanged', async () => {
    const first = sample();
    const second = sample({ id: '01HZX0000000000000000000BB', status: 'approved', tenantId: 'globex' });
    await store().create(second);
    await store().create(first);

    assert.deepEqual(await store().get(first.id), first);
    assert.deepEqual(await store().get(second.id), second);
    assert.deepEqual(await store().list(), [first, second]);
  });

  it('keeps every status a record can have, a withdrawn one with its withdrawal, through create and update', async () => {
    const statuses = ['pending', 'approved', 'rejected', 'executing', 'completed', 'withdrawn'] as const;
    const records = statuses.map((status, i) => sample({ id: `01HZX00000000000000000000${i}`, status }));
    for (const record of records) await store().create(record);
    const withdrawn = sample({
      status: 'withdrawn',
      withdrawal: { at: '2023-11-14T22:20:00.000Z', reason: 'The caller abandoned the call: Request cancelled' },
      seal: 'seal-2',
    });
    await store().create(sample());

    assert.equal(await store().update(withdrawn, 'seal-1'), true);

    assert.deepEqual(await store().get(withdrawn.id), withdrawn);
    assert.deepEqual(await store().list(), [...records, withdrawn]);
    assert.deepEqual(await store().list({ state: 'withdrawn' }), [records[5], withdrawn]);
    // A withdrawn record is final for the service, not the store: the store keeps whatever the service seals.
    assert.equal(await store().update(sample({ status: 'approved', seal: 'seal-3' }), 'seal-2'), true);
  });

  it('refuses to create a record whose id exists, and keeps the first', async () => {
    const first = sample();
    await store().create(first);

    await rejectsWith(store().create(sample({ capability: 'other', seal: 'seal-2' })), 'APPROVAL_STORE_FAILED', {
      fields: { approvalId: first.id },
    });
    assert.deepEqual(await store().get(first.id), first);
    assert.equal((await store().list()).length, 1);
  });

  it('updates only when the stored seal is the expected one (compare-and-set)', async () => {
    const first = sample();
    await store().create(first);
    const next = sample({ status: 'approved', seal: 'seal-2' });

    assert.equal(await store().update(next, 'not-the-seal'), false);
    assert.deepEqual(await store().get(first.id), first);
    assert.equal(await store().update(next, 'seal-1'), true);
    assert.deepEqual(await store().get(first.id), next);
    // The old seal no longer matches: a second writer that read the first record loses.
    assert.equal(await store().update(sample({ status: 'rejected', seal: 'seal-3' }), 'seal-1'), false);
    assert.deepEqual(await store().get(first.id), next);
  });

  it('does not update a record that does not exist, nor create it', async () => {
    assert.equal(await store().update(sample(), 'seal-1'), false);
    assert.equal(await store().get(sample().id), undefined);
  });

  it('lets exactly one of many concurrent updates with the same expected seal win', async () => {
    await store().create(sample());
    const writers = Array.from({ length: 10 }, (_, i) => sample({ status: 'executing', seal: `seal-w${i}` }));

    const results = await Promise.all(writers.map((next) => store().update(next, 'seal-1')));

    assert.equal(results.filter(Boolean).length, 1);
    assert.deepEqual(await store().get(sample().id), writers[results.indexOf(true)]);
  });

  it('replaces, when the store has `replace`, only a record stored exactly as expected (seal and fields)', async () => {
    const replace = store().replace?.bind(store());
    if (replace === undefined) return; // optional: the service reads before every transition instead
    const first = sample();
    await store().create(first);
    const next = sample({ status: 'approved', seal: 'seal-2' });

    // Same seal, another field: what a record altered in the store looks like. It is left alone.
    assert.equal(await replace(next, sample({ args: { customerId: 'cust_1', amount: 1 } })), false);
    assert.equal(await replace(next, sample({ seal: 'not-the-seal' })), false);
    assert.equal(await replace(sample({ id: '01HZX0000000000000000000ZZ', seal: 'seal-2' }), first), false);
    assert.deepEqual(await store().get(first.id), first);
    assert.equal(await replace(next, first), true);
    assert.deepEqual(await store().get(first.id), next);
    assert.equal(await replace(sample({ status: 'rejected', seal: 'seal-3' }), first), false);
    const writers = Array.from({ length: 10 }, (_, i) => sample({ status: 'executing', seal: `seal-w${i}` }));
    const results = await Promise.all(writers.map((writer) => replace(writer, next)));
    assert.equal(results.filter(Boolean).length, 1);
    assert.deepEqual(await store().get(first.id), writers[results.indexOf(true)]);
  });

  it('returns copies: mutating a created, returned or listed record does not change the store', async () => {
    const record = sample();
    const created = structuredClone(record) as { args: Record<string, unknown>; status: string };
    await store().create(created as unknown as ApprovalRecord);
    created.args['amount'] = 1;

    const got = (await store().get(record.id)) as unknown as { args: Record<string, unknown>; status: string };
    got.status = 'approved';
    got.args['amount'] = 2;
    const [listed] = (await store().list()) as unknown as { request: { approverGroups: string[] } }[];
    listed?.request.approverGroups.push('everyone');

    assert.deepEqual(await store().get(record.id), record);
    assert.notEqual(await store().get(record.id), await store().get(record.id));
  });

  it('rejects invalid ids with INVALID_ARGUMENT in every method', async () => {
    for (const id of INVALID_IDS) {
      const record = sample({ id: id as string });
      await rejectsWith(store().get(id as string), 'INVALID_ARGUMENT');
      await rejectsWith(store().create(record), 'INVALID_ARGUMENT');
      await rejectsWith(store().update(record, 's'), 'INVALID_ARGUMENT');
    }
  });

  it('accepts ids up to 128 letters, digits, `_` and `-`', async () => {
    const id = `${'a'.repeat(60)}_-${'Z9'.repeat(33)}`;
    await store().create(sample({ id }));

    assert.equal((await store().get(id))?.id, id);
  });

  it('keeps any JSON data exactly: control characters, NUL, emoji, deep nesting, numbers at the edges', async () => {
    const args = {
      text: 'line\nbreak\u0000nul\u001b[31mred\u202eevil 🦆 lone \ud800 surrogate',
      numbers: [0, -0.5, 1e-7, 2 ** 53 - 1, 1.7976931348623157e308, 5e-324],
      nested: { a: [{ b: [{ c: 'd' }] }], 'key with "quotes"': null, '': true },
    };
    const record = sample({ args, request: { ...sample().request, context: { note: '\\u0000 is not NUL' } } });
    await store().create(record);

    assert.deepEqual(await store().get(record.id), JSON.parse(JSON.stringify(record)));
  });

  it('refuses records that are not JSON data, or have no string seal, naming the field', async () => {
    const withDate = sample({ args: { at: new Date(0) } });
    const unsealed = { ...sample(), seal: undefined } as unknown as ApprovalRecord;

    await rejectsWith(store().create(withDate), 'INVALID_ARGUMENT', { message: /`record\.args\.at` is a Date/ });
    await rejectsWith(store().create(unsealed), 'INVALID_ARGUMENT', { message: /`record\.seal` must be a string/ });
    await rejectsWith(store().create(null as unknown as ApprovalRecord), 'INVALID_ARGUMENT');
    await store().create(sample());
    await rejectsWith(store().update(withDate, 'seal-1'), 'INVALID_ARGUMENT');
    await rejectsWith(store().update(sample(), 7 as unknown as string), 'INVALID_ARGUMENT', {
      message: /`expectedSeal` must be/,
    });
    assert.deepEqual(await store().list(), [sample()]);
  });
}
