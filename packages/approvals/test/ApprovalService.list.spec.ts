import { ApprovalService, InMemoryApprovalStore, type ApprovalQuery, type ApprovalStore } from '@brane/approvals';
import { SECRET, T0, newApproval } from './fixtures/records';

const MINUTE = 60_000;
const idOf = (n: number): string => `01HZX${String(n).padStart(21, '0')}`;

/** A service on an in-memory store with `count` pending requests, one a minute, alternating two tenants. */
async function setup(count: number, store: ApprovalStore = new InMemoryApprovalStore()) {
  const clock = { now: T0 };
  const service = new ApprovalService({ store, secret: SECRET, now: () => clock.now });
  for (let i = 0; i < count; i++) {
    await service.request(newApproval({ id: idOf(i), tenantId: i % 2 === 0 ? 'acme' : 'globex' }));
    clock.now += MINUTE;
  }
  return { clock, service };
}

describe('ApprovalService list and page', () => {
  it('page: 100 by default, with the cursor of the next page; none after the last', async () => {
    const { service } = await setup(205);

    const first = await service.page();
    const second = await service.page({ cursor: first.nextCursor });
    const third = await service.page({ cursor: second.nextCursor });

    expect([first.records.length, second.records.length, third.records.length]).toStrictEqual([100, 100, 5]);
    expect(first.nextCursor).toBe(idOf(99));
    expect(third.nextCursor).toBeUndefined();
    expect([...first.records, ...second.records, ...third.records].map((r) => r.id)).toStrictEqual(
      Array.from({ length: 205 }, (_, i) => idOf(i)),
    );
  });

  it('page: no next cursor when the page is exactly full and nothing follows', async () => {
    const { service } = await setup(4);

    await expect(service.page({ limit: 4 })).resolves.toMatchObject({ nextCursor: undefined });
    await expect(service.page({ limit: 3 })).resolves.toMatchObject({ nextCursor: idOf(2) });
  });

  it('list: every match without a limit (read a page at a time), the first `limit` with one', async () => {
    const { service } = await setup(1_203);
    const store = new InMemoryApprovalStore();
    const list = jest.spyOn(store, 'list');
    const counted = new ApprovalService({ store, secret: SECRET, now: () => T0 });
    for (const record of await service.list()) await store.create(record);

    expect(await counted.list({ tenantId: 'acme' })).toHaveLength(602);
    expect(list.mock.calls.map(([query]) => query?.limit)).toStrictEqual([1001]);
    expect((await service.list({ limit: 3, cursor: idOf(10) })).map((r) => r.id)).toStrictEqual([
      idOf(11),
      idOf(12),
      idOf(13),
    ]);
  });

  it('filters by since: a Date, an ISO string or epoch milliseconds', async () => {
    const { service } = await setup(5);
    const ids = async (since: Date | string | number) => (await service.list({ since })).map((r) => r.id);

    await expect(ids(new Date(T0 + 3 * MINUTE))).resolves.toStrictEqual([idOf(3), idOf(4)]);
    await expect(ids(new Date(T0 + 3 * MINUTE).toISOString())).resolves.toStrictEqual([idOf(3), idOf(4)]);
    await expect(ids(T0 + 4 * MINUTE)).resolves.toStrictEqual([idOf(4)]);
  });

  it.each([
    [{ limit: 0 }, /`filter\.limit` must be an integer from 1 to 1000/],
    [{ limit: 1001 }, /`filter\.limit`/],
    [{ since: 'yesterday' }, /`filter\.since` must be a Date, an ISO 8601 date or epoch milliseconds/],
    [{ since: new Date(Number.NaN) }, /`filter\.since`/],
    [{ cursor: 'a/b' }, /`filter\.cursor`/],
    [{ tenant: 'acme' }, /`filter\.tenant` must be one of state, capability, tenantId/],
    [{ now: 5 }, /`filter\.now`/],
  ])('refuses the filter %p, naming the field', async (filter, message) => {
    const { service } = await setup(1);

    await expect(service.list(filter as never)).rejects.toThrow(message);
    await expect(service.page(filter as never)).rejects.toThrow(message);
  });

  it('checks what the store lists again: a store that ignores filters shows no other tenant, state or page', async () => {
    const inner = new InMemoryApprovalStore();
    const lax: ApprovalStore = {
      create: (record) => inner.create(record),
      get: (id) => inner.get(id),
      update: (next, seal) => inner.update(next, seal),
      list: async (query?: ApprovalQuery) => (await inner.list()).reverse().slice(0, query?.limit),
    };
    const { service } = await setup(6, lax);

    expect((await service.list({ tenantId: 'acme' })).map((r) => r.id)).toStrictEqual(
      [idOf(4), idOf(2), idOf(0)].reverse(),
    );
    expect((await service.list({ cursor: idOf(3) })).map((r) => r.id)).toStrictEqual([idOf(4), idOf(5)]);
  });

  it('passes the state and its clock to the store, so expiry is judged by the service', async () => {
    const { clock, service } = await setup(3);
    clock.now = T0 + 60_000 + 2 * MINUTE; // 60 s after the third request: every one has expired

    await expect(service.list({ state: 'pending' })).resolves.toStrictEqual([]);
    await expect(service.list({ state: 'expired' })).resolves.toHaveLength(3);
  });
});
