import { ApprovalService, InMemoryApprovalStore, type NewApproval } from '@brane/approvals';
import { InboxIndex, type ApprovalNotice } from '@brane/console';

describe('InboxIndex', () => {
  let now: number;
  let service: ApprovalService;
  let index: InboxIndex;
  let notices: string[];
  const request = (n: number, expiresInMs = 60_000): Promise<unknown> =>
    service.request({
      id: `01JINDEX${n}`,
      capability: 'payments.refund',
      args: { n },
      environment: 'prod',
      actionId: `a${n}`,
      traceId: `t${n}`,
      policies: [],
      request: { approverGroups: ['finance'], reason: 'r' },
      expiresInMs,
    } satisfies NewApproval);

  beforeEach(() => {
    now = Date.parse('2026-12-06T09:00:00Z');
    service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 's'.repeat(32), now: () => now });
    index = new InboxIndex({ approvals: service, maxAgeMs: 1_000, maxStaleMs: 5_000, now: () => now });
    notices = [];
    index.subscribe((changes: readonly ApprovalNotice[]) =>
      notices.push(...changes.map((n) => `${n.type} ${n.record.id} ${n.state}`)),
    );
  });

  it('holds the pending requests newest first, and reads the store at most once per maxAgeMs', async () => {
    await request(1);
    await request(2);
    const first = await index.current();
    expect(first.records.map((r) => r.id)).toStrictEqual(['01JINDEX2', '01JINDEX1']);
    await request(3);
    expect(await index.current()).toBe(first);
    now += 1_000;
    expect(await index.current()).toBe(first); // stale: answered from it while the store is read
    await index.refresh();
    expect((await index.current()).records).toHaveLength(3);
  });

  it('answers from a stale snapshot while it reads the store in the background, up to maxStaleMs', async () => {
    await request(1);
    const first = await index.current();
    await request(2);
    now += 2_000;
    expect(await index.current()).toBe(first); // stale: served, and a read starts
    await index.refresh();
    expect((await index.current()).records).toHaveLength(2);
    await request(3);
    now += 6_000;
    expect((await index.current()).records).toHaveLength(3); // too stale: the load waits for the read
  });

  it('shares one store read between concurrent callers', async () => {
    const list = jest.spyOn(service, 'list');
    await Promise.all([index.refresh(), index.refresh(), index.current()]);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('announces requests, decisions, expiries and withdrawals, and counts versions', async () => {
    await request(1);
    await request(2, 1_000);
    await request(3);
    const baseline = await index.refresh();
    expect(notices).toStrictEqual([]); // what was pending at start is not announced
    await request(4);
    await service.approve('01JINDEX1', { approver: { id: 'maria', groups: ['finance'] } });
    await service.withdraw('01JINDEX3', { reason: 'caller left' });
    now += 1_000;
    const next = await index.refresh();
    expect(notices.sort()).toStrictEqual([
      'approval.decided 01JINDEX1 approved',
      'approval.expired 01JINDEX2 expired',
      'approval.requested 01JINDEX4 pending',
      'approval.withdrawn 01JINDEX3 withdrawn',
    ]);
    expect(next.version).toBe(baseline.version + 1);
    expect((await index.refresh()).version).toBe(next.version);
  });
});
