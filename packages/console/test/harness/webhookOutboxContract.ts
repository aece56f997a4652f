import type { WebhookOutboxStore } from '@brane/console';

const notice = (approvalId: string, event: 'approval.requested' | 'approval.decided' = 'approval.requested') => ({
  key: `${approvalId}:${event}`,
  approvalId,
  event,
  body: `{"approval":"${approvalId}","event":"${event}"}`,
});

/** The behaviour every `WebhookOutboxStore` shares: run against memory, file and PostgreSQL. */
export function webhookOutboxContract(make: () => Promise<WebhookOutboxStore> | WebhookOutboxStore): void {
  let outbox: WebhookOutboxStore;
  beforeEach(async () => {
    outbox = await make();
  });

  it('queues a notice once per approval and event', async () => {
    expect(await outbox.enqueue([notice('A'), notice('A', 'approval.decided')], 1_000)).toBe(2);
    expect(await outbox.enqueue([notice('A'), notice('B')], 2_000)).toBe(1);
    const recent = await outbox.recent(10);
    expect(recent.map((delivery) => delivery.key)).toStrictEqual([
      'B:approval.requested',
      'A:approval.decided',
      'A:approval.requested',
    ]);
    expect(recent[2]).toMatchObject({ status: 'pending', attempts: 0, createdAt: 1_000, nextAttemptAt: 1_000 });
    expect(await outbox.nextDue()).toBe(1_000);
  });

  it('leases a due notice to one owner until the lease ends', async () => {
    await outbox.enqueue([notice('A'), notice('B')], 1_000);
    const first = await outbox.lease('one', 10, 1_000, 5_000);
    expect(first.map((delivery) => delivery.key)).toStrictEqual(['A:approval.requested', 'B:approval.requested']);
    expect(await outbox.lease('two', 10, 1_001, 5_000)).toStrictEqual([]);
    await outbox.settle(
      'A:approval.requested',
      'two',
      { status: 'delivered', attempts: 1, lastError: undefined, nextAttemptAt: 1_001 },
      1_001,
    );
    expect((await outbox.recent(10)).find((d) => d.key === 'A:approval.requested')?.status).toBe('pending'); // not two's lease
    await outbox.settle(
      'A:approval.requested',
      'one',
      { status: 'delivered', attempts: 1, lastError: undefined, nextAttemptAt: 1_002 },
      1_002,
    );
    // one died holding B: after its lease, two takes it
    expect(await outbox.lease('two', 10, 5_999, 5_000)).toStrictEqual([]);
    expect((await outbox.lease('two', 10, 6_000, 5_000)).map((d) => d.key)).toStrictEqual(['B:approval.requested']);
  });

  it('waits out a retry, and keeps a failure', async () => {
    await outbox.enqueue([notice('A')], 1_000);
    await outbox.lease('one', 10, 1_000, 5_000);
    await outbox.settle(
      'A:approval.requested',
      'one',
      { status: 'pending', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: 3_000 },
      1_100,
    );
    expect(await outbox.nextDue()).toBe(3_000);
    expect(await outbox.lease('one', 10, 2_999, 5_000)).toStrictEqual([]);
    const [retry] = await outbox.lease('one', 10, 3_000, 5_000);
    expect(retry).toMatchObject({ attempts: 1, lastError: 'HTTP 500' });
    await outbox.settle(
      'A:approval.requested',
      'one',
      { status: 'failed', attempts: 2, lastError: 'fetch failed', nextAttemptAt: 9_000 },
      3_100,
    );
    expect(await outbox.nextDue()).toBeUndefined();
    expect((await outbox.recent(1))[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'fetch failed',
      updatedAt: 3_100,
    });
    expect(await outbox.enqueue([notice('A')], 4_000)).toBe(0); // a failure is not queued again by a rescan
  });

  it('keeps the scan position (never moving it back) and the watched approvals', async () => {
    expect(await outbox.scanState()).toStrictEqual({ position: undefined, watching: [] });
    await outbox.saveScan(5_000, ['A', 'B'], []);
    await outbox.saveScan(4_000, ['C'], ['A']);
    const state = await outbox.scanState();
    expect(state.position).toBe(5_000);
    expect([...state.watching].sort()).toStrictEqual(['B', 'C']);
  });
}
