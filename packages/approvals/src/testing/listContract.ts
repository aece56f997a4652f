import assert from 'node:assert/strict';
import type { ApprovalQuery } from '../ApprovalQuery.js';
import type { ApprovalRecord } from '../ApprovalRecord.js';
import type { ApprovalStore } from '../ApprovalStore.js';
import type { ContractTestApi } from '@brane/errors/testing';
import { idsOf, rejectsWith } from './rejectsWith.js';
import { SAMPLE_REQUESTED_AT_MS as T0, sampleApprovalRecord as sample } from './sampleApprovalRecord.js';

const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();
/** A valid, sortable id: `idOf(3) < idOf(12)`. */
const idOf = (n: number): string => `01HZX${String(n).padStart(21, '0')}`;

/** Creates `records` in a fixed scrambled order, so that a store listing in creation order fails. */
async function createAll(store: ApprovalStore, records: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
  const order = records.map((_, i) => i);
  let seed = 7;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  for (const i of order) {
    // A field given as `undefined` is left out of the record (a record without a tenant).
    const fields = Object.entries({ ...sample(), ...records[i] }).filter(([, value]) => value !== undefined);
    await store.create(Object.fromEntries(fields) as unknown as ApprovalRecord);
  }
}

/** Registers the tests of `list`: filters, order, keyset pages, and refused queries. */
export function listContract(api: ContractTestApi, store: () => ApprovalStore): void {
  const { it } = api;
  const list = async (query?: ApprovalQuery): Promise<string[]> => idsOf(await store().list(query));

  it('lists by id, ascending, whatever the order of creation', async () => {
    await createAll(store(), [{ id: 'b' }, { id: 'B' }, { id: '_' }, { id: '0' }, { id: 'a-' }, { id: 'a' }]);

    assert.deepEqual(await list(), ['0', 'B', '_', 'a', 'a-', 'b']);
  });

  it('filters by state at `now`: expired is a pending or approved record at or past expiresAt', async () => {
    const now = T0 + 30 * MINUTE;
    await createAll(store(), [
      { id: 'p1', status: 'pending', expiresAt: iso(now + 1) },
      { id: 'p2', status: 'pending', expiresAt: iso(now) },
      { id: 'p3', status: 'pending', expiresAt: 'not a date' },
      { id: 'a1', status: 'approved', expiresAt: iso(T0 + 60 * MINUTE) },
      { id: 'a2', status: 'approved', expiresAt: iso(T0) },
      { id: 'r1', status: 'rejected', expiresAt: iso(T0) },
      { id: 'e1', status: 'executing', expiresAt: iso(T0) },
      { id: 'c1', status: 'completed', expiresAt: iso(T0) },
    ]);

    assert.deepEqual(await list({ state: 'pending', now }), ['p1']);
    assert.deepEqual(await list({ state: 'expired', now }), ['a2', 'p2', 'p3']);
    assert.deepEqual(await list({ state: 'approved', now }), ['a1']);
    assert.deepEqual(await list({ state: 'rejected', now }), ['r1']);
    assert.deepEqual(await list({ state: 'executing', now }), ['e1']);
    assert.deepEqual(await list({ state: 'completed', now }), ['c1']);
    assert.deepEqual(await list({ state: 'approved', now: T0 + 61 * MINUTE }), []);
    assert.deepEqual(await list({ now }), ['a1', 'a2', 'c1', 'e1', 'p1', 'p2', 'p3', 'r1']);
  });

  it('judges the state at the time of the call when no `now` is given', async () => {
    await createAll(store(), [
      { id: 'future', expiresAt: '2999-01-01T00:00:00.000Z' },
      { id: 'past', expiresAt: '2000-01-01T00:00:00.000Z' },
    ]);

    assert.deepEqual(await list({ state: 'pending' }), ['future']);
    assert.deepEqual(await list({ state: 'expired' }), ['past']);
  });

  it('filters by capability, tenant and `since` (requested at or after), each and together', async () => {
    await createAll(store(), [
      { id: 'x1', capability: 'refund', tenantId: 'acme', requestedAt: iso(T0) },
      { id: 'x2', capability: 'wire', tenantId: 'acme', requestedAt: iso(T0 + 10 * MINUTE) },
      { id: 'x3', capability: 'refund', tenantId: 'globex', requestedAt: iso(T0 + 20 * MINUTE) },
      { id: 'x4', capability: 'refund', tenantId: undefined, requestedAt: iso(T0 + 30 * MINUTE) },
      { id: 'x5', capability: 'refund', tenantId: 'acme', requestedAt: 'garbage' },
    ]);

    assert.deepEqual(await list({ capability: 'refund' }), ['x1', 'x3', 'x4', 'x5']);
    assert.deepEqual(await list({ tenantId: 'acme' }), ['x1', 'x2', 'x5']);
    assert.deepEqual(await list({ tenantId: 'ACME' }), []);
    assert.deepEqual(await list({ tenantId: '' }), []);
    assert.deepEqual(await list({ since: T0 + 10 * MINUTE }), ['x2', 'x3', 'x4']);
    assert.deepEqual(await list({ since: T0 + 10 * MINUTE + 1 }), ['x3', 'x4']);
    assert.deepEqual(await list({ capability: 'refund', tenantId: 'acme', since: T0 }), ['x1']);
    assert.deepEqual(await list({ capability: 'refund', tenantId: 'acme', state: 'pending', now: T0 }), ['x1', 'x5']);
  });

  it('pages with `limit` and `cursor` (the last id of the previous page), neither repeating nor skipping', async () => {
    await createAll(
      store(),
      Array.from({ length: 25 }, (_, i) => ({ id: idOf(i) })),
    );
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 10, cursor });
      pages.push(page);
      cursor = page.length === 10 ? page[9] : undefined;
    } while (cursor !== undefined);

    assert.deepEqual(
      pages.map((page) => page.length),
      [10, 10, 5],
    );
    assert.deepEqual(pages.flat(), await list());
    assert.deepEqual(await list({ cursor: `${idOf(4)}5`, limit: 2 }), [idOf(5), idOf(6)]);
    assert.deepEqual(await list({ cursor: idOf(24) }), []);
    assert.deepEqual(await list({ limit: 1000 }), await list());
  });

  it('keeps pages stable while records are added and change state', async () => {
    await createAll(
      store(),
      Array.from({ length: 10 }, (_, i) => ({ id: idOf(i + 10) })),
    );
    const first = await list({ limit: 5 });
    await store().create(sample({ id: idOf(1) })); // sorts before the cursor: belongs to a page already read
    await store().create(sample({ id: idOf(30) }));
    assert.equal(await store().update(sample({ id: idOf(17), status: 'approved', seal: 'seal-2' }), 'seal-1'), true);

    const rest = await list({ cursor: first[4] });

    assert.deepEqual([...first, ...rest], [...Array.from({ length: 10 }, (_, i) => idOf(i + 10)), idOf(30)]);
  });

  it('fills a filtered page however many records between its matches do not match', async () => {
    await createAll(
      store(),
      Array.from({ length: 40 }, (_, i) => ({ id: idOf(i), tenantId: i % 10 === 3 ? 'acme' : 'globex' })),
    );

    assert.deepEqual(await list({ tenantId: 'acme', limit: 2 }), [idOf(3), idOf(13)]);
    assert.deepEqual(await list({ tenantId: 'acme', limit: 2, cursor: idOf(13) }), [idOf(23), idOf(33)]);
    assert.deepEqual(await list({ tenantId: 'acme', cursor: idOf(33) }), []);
  });

  it('refuses a query it cannot honour, naming the field, rather than list too much', async () => {
    const bad: readonly [unknown, RegExp][] = [
      [{ limit: 0 }, /`query\.limit`/],
      [{ limit: -1 }, /`query\.limit`/],
      [{ limit: 1.5 }, /`query\.limit`/],
      [{ limit: Number.NaN }, /`query\.limit`/],
      [{ limit: '10' }, /`query\.limit`/],
      [{ cursor: '../x' }, /`query\.cursor`/],
      [{ state: 'gone' }, /`query\.state`/],
      [{ now: Number.NaN }, /`query\.now`/],
      [{ since: '2023-11-14' }, /`query\.since`/],
      [{ capability: 42 }, /`query\.capability`/],
      [{ tenant: 'acme' }, /`query\.tenant`/],
      [null, /`query`/],
    ];
    await store().create(sample());
    for (const [query, message] of bad) {
      await rejectsWith(store().list(query as ApprovalQuery), 'INVALID_ARGUMENT', { message });
    }
  });
}
