import { InMemoryApprovalStore } from '@brane/approvals';
import { Decision } from '@brane/decisions';
import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
} from '@brane/errors';
import { Capability, Runtime, currentAction } from '@brane/core';
import type { ApprovalView } from '@brane/policy-engine';

class Payments {
  readonly refunds: { customerId: string; amountUsd: number; approval: ApprovalView | undefined }[] = [];

  @Capability({ name: 'refund', risk: 'high' })
  async refund(customerId: string, amountUsd: number): Promise<string> {
    this.refunds.push({ customerId, amountUsd, approval: currentAction()?.approval });
    return `refunded ${amountUsd}`;
  }

  @Capability({ name: 'refund_sync', risk: 'high' })
  refundSync(customerId: string, amountUsd: number): string {
    this.refunds.push({ customerId, amountUsd, approval: currentAction()?.approval });
    return `refunded ${amountUsd}`;
  }
}

const LIMIT = 100;

/** A runtime with the refund limit policy, sharing `store`, for tenant `tenant` and principal `user`. */
function setup(
  store: InMemoryApprovalStore,
  options: { tenantId?: string; principalId?: string; wait?: boolean; version?: string; expiresInMs?: number } = {},
) {
  const runtime = new Runtime({
    tenantId: options.tenantId ?? 'acme',
    principalId: options.principalId ?? 'user_1',
    approvals: { store, wait: options.wait ?? false, pollIntervalMs: 5 },
  });
  const seen: (ApprovalView | undefined)[] = [];
  runtime.beforeCapability(
    ['refund', 'refund_sync'],
    { name: 'refund_limit', version: options.version ?? '1' },
    (ctx) => {
      seen.push(ctx.approval);
      const amount = ctx.arg<number>('amountUsd', 0);
      if (amount <= LIMIT) return Decision.allow();
      return Decision.requireApproval({
        approverGroup: 'finance-ops',
        reason: `Refund of $${amount} requires approval`,
        context: { customerId: ctx.arg('customerId'), amount },
        distinctApprover: true,
        ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }),
      });
    },
  );
  const payments = runtime.govern(new Payments());
  return { runtime, payments, seen };
}

async function requested(promise: Promise<unknown>): Promise<ApprovalRequiredError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApprovalRequiredError);
  return error as ApprovalRequiredError;
}

describe('approval_required through the runtime', () => {
  it('pauses the action, records the request, and runs it exactly once after approval', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments, seen } = setup(store);

    const error = await requested(payments.refund('cust_1', 250));
    expect(payments.refunds).toHaveLength(0);
    expect(error.approverGroups).toStrictEqual(['finance-ops']);
    const record = await runtime.approvals.get(error.approvalId);
    expect(record).toMatchObject({
      status: 'pending',
      capability: 'refund',
      args: { customerId: 'cust_1', amountUsd: 250 },
      tenantId: 'acme',
      principalId: 'user_1',
      policies: [{ name: 'refund_limit', version: '1' }],
      request: { approverGroups: ['finance-ops'], context: { customerId: 'cust_1', amount: 250 } },
    });

    await runtime.approvals.approve(error.approvalId, { approver: 'maria', comment: 'known customer' });
    await expect(runtime.resume(error.approvalId)).resolves.toBe('refunded 250');

    expect(payments.refunds).toHaveLength(1);
    expect(payments.refunds[0]?.approval).toMatchObject({ approvalId: error.approvalId, approvedBy: 'maria' });
    expect(seen.at(-1)).toMatchObject({ approvedBy: 'maria', comment: 'known customer', changedPolicies: [] });
    expect(await runtime.approvals.get(error.approvalId)).toMatchObject({
      status: 'completed',
      decision: { outcome: 'approved', by: 'maria' },
      execution: { outcome: 'succeeded' },
    });
  });

  it('refuses a second resume: never a second execution', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    await runtime.approvals.approve(approvalId, { approver: 'maria' });

    await runtime.resume(approvalId);
    await expect(runtime.resume(approvalId)).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
    expect(payments.refunds).toHaveLength(1);
  });

  it('runs concurrent resumes of one approval once, across runtimes sharing the store', async () => {
    const store = new InMemoryApprovalStore();
    const first = setup(store);
    const second = setup(store);
    const { approvalId } = await requested(first.payments.refund('cust_1', 250));
    await first.runtime.approvals.approve(approvalId, { approver: 'maria' });

    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => first.runtime.resume(approvalId)),
      ...Array.from({ length: 5 }, () => second.runtime.resume(approvalId)),
    ]);

    expect(first.payments.refunds.length + second.payments.refunds.length).toBe(1);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const result of fulfilled) expect(result.value).toBe('refunded 250');
    for (const result of rejected) expect(result.reason).toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
  });

  it('rejection: the action is denied and never runs', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));

    await runtime.approvals.reject(approvalId, { approver: 'maria', comment: 'fraud' });
    await expect(runtime.resume(approvalId)).rejects.toBeInstanceOf(ApprovalRejectedError);
    expect(payments.refunds).toHaveLength(0);
  });

  it('resume before a decision is refused as pending', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));

    await expect(runtime.resume(approvalId)).rejects.toMatchObject({ code: 'APPROVAL_PENDING' });
    expect(payments.refunds).toHaveLength(0);
  });

  it('expiry: an expired request can be neither approved nor used', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store, { expiresInMs: 20 });
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    await new Promise((resolve) => setTimeout(resolve, 40));

    await expect(runtime.approvals.approve(approvalId, { approver: 'maria' })).rejects.toBeInstanceOf(
      ApprovalExpiredError,
    );
    await expect(runtime.resume(approvalId)).rejects.toBeInstanceOf(ApprovalExpiredError);
    expect(payments.refunds).toHaveLength(0);
  });

  it('binds the approval to the tenant and the principal', async () => {
    const store = new InMemoryApprovalStore();
    const { payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    const other = setup(store, { tenantId: 'globex' });
    await other.runtime.approvals.approve(approvalId, { approver: 'maria' });

    await expect(other.runtime.resume(approvalId)).rejects.toMatchObject({ code: 'APPROVAL_MISMATCH' });
    await expect(setup(store, { principalId: 'user_2' }).runtime.resume(approvalId)).rejects.toMatchObject({
      code: 'APPROVAL_MISMATCH',
    });
    expect(other.payments.refunds).toHaveLength(0);
    await expect(setup(store).runtime.resume(approvalId)).resolves.toBe('refunded 250');
  });

  it('lets a policy bar the principal from approving their own action', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));

    await expect(runtime.approvals.approve(approvalId, { approver: 'user_1' })).rejects.toMatchObject({
      code: 'APPROVER_NOT_ALLOWED',
    });
  });

  it('an approval for one call does not approve another: a new call with other args asks again', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    await runtime.approvals.approve(approvalId, { approver: 'maria' });

    const again = await requested(payments.refund('cust_1', 900));
    expect(again.approvalId).not.toBe(approvalId);
    expect(payments.refunds).toHaveLength(0);
  });

  it('shows the policies a changed version on resume', async () => {
    const store = new InMemoryApprovalStore();
    const { payments } = setup(store, { version: '1' });
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    const upgraded = setup(store, { version: '2' });
    await upgraded.runtime.approvals.approve(approvalId, { approver: 'maria' });

    await upgraded.runtime.resume(approvalId);
    expect(upgraded.seen.at(-1)?.changedPolicies).toStrictEqual([
      { name: 'refund_limit', requestedVersion: '1', currentVersion: '2' },
    ]);
  });

  it('re-runs the before-policies on resume: a new deny still wins', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    await runtime.approvals.approve(approvalId, { approver: 'maria' });
    runtime.beforeCapability('refund', { name: 'freeze' }, () => Decision.deny('Refunds are frozen'));

    await expect(runtime.resume(approvalId)).rejects.toBeInstanceOf(CapabilityDeniedError);
    expect(payments.refunds).toHaveLength(0);
    expect(await runtime.approvals.get(approvalId)).toMatchObject({ execution: { outcome: 'denied' } });
  });

  it('wait mode: an async capability waits in-process for the decision, then runs', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store, { wait: true });

    const pending = payments.refund('cust_1', 250);
    let approvalId: string | undefined;
    while (approvalId === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      approvalId = (await runtime.approvals.list({ state: 'pending' }))[0]?.id;
    }
    expect(payments.refunds).toHaveLength(0);
    await runtime.approvals.approve(approvalId, { approver: 'maria' });

    await expect(pending).resolves.toBe('refunded 250');
    expect(payments.refunds).toHaveLength(1);
  });

  it('wait mode: a rejection rejects the waiting call', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store, { wait: true });

    const pending = payments.refund('cust_1', 250);
    let approvalId: string | undefined;
    while (approvalId === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      approvalId = (await runtime.approvals.list({ state: 'pending' }))[0]?.id;
    }
    await runtime.approvals.reject(approvalId, { approver: 'maria' });

    await expect(pending).rejects.toBeInstanceOf(ApprovalRejectedError);
    expect(payments.refunds).toHaveLength(0);
  });

  it('wait mode: a request that expires while waiting rejects the call, and nothing runs', async () => {
    const store = new InMemoryApprovalStore();
    const { payments } = setup(store, { wait: true, expiresInMs: 30 });

    await expect(payments.refund('cust_1', 250)).rejects.toBeInstanceOf(ApprovalExpiredError);
    expect(payments.refunds).toHaveLength(0);
  });

  it('wait mode: a synchronous capability cannot wait, so it throws ApprovalRequiredError', async () => {
    const store = new InMemoryApprovalStore();
    const { payments } = setup(store, { wait: true });

    expect(() => payments.refundSync('cust_1', 250)).toThrow(ApprovalRequiredError);
    expect(payments.refunds).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.list()).toHaveLength(1);
  });

  it('refuses to record arguments that are not JSON data, so nothing runs unapproved', async () => {
    const store = new InMemoryApprovalStore();
    const runtime = new Runtime({ approvals: { store } });
    runtime.beforeCapability('schedule', { name: 'ask' }, () =>
      Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }),
    );
    const body = jest.fn<string, [Date]>(() => 'scheduled');
    const schedule = runtime.capability({ name: 'schedule' }, async (at: Date) => body(at));

    await expect(schedule(new Date(0))).rejects.toThrow(/is a Date/);
    expect(body).not.toHaveBeenCalled();
    expect(await store.list()).toHaveLength(0);
  });

  it('a synchronous capability throws at once; the record follows, and resume runs it', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);

    let error: unknown;
    try {
      payments.refundSync('cust_1', 250);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    const required = error as ApprovalRequiredError;
    await required.recorded;
    await runtime.approvals.approve(required.approvalId, { approver: 'maria' });

    await expect(runtime.resume(required.approvalId)).resolves.toBe('refunded 250');
    expect(payments.refunds).toHaveLength(1);
  });

  it('an unknown approval id is a typed error', async () => {
    const { runtime } = setup(new InMemoryApprovalStore());

    await expect(runtime.resume('01HZZZZZZZZZZZZZZZZZZZZZZZ')).rejects.toBeInstanceOf(ApprovalError);
    await expect(runtime.resume('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('runtime.resume target', () => {
  it('runs on the instance given as target, and says so when the only governed instance is gone', async () => {
    const store = new InMemoryApprovalStore();
    const { payments } = setup(store);
    const { approvalId } = await requested(payments.refund('cust_1', 250));
    const other = new Runtime({ tenantId: 'acme', principalId: 'user_1', approvals: { store } });
    await other.approvals.approve(approvalId, { approver: 'maria' });

    await expect(other.resume(approvalId)).rejects.toThrow(/which this runtime does not govern/);
    const agent = other.govern(new Payments());
    await expect(other.resume(approvalId, { target: agent })).resolves.toBe('refunded 250');
    expect(agent.refunds).toHaveLength(1);
  });
});

describe('approval options', () => {
  const custom = {
    create: () => Promise.resolve(),
    get: () => Promise.resolve(undefined),
    list: () => Promise.resolve([]),
    update: () => Promise.resolve(false),
  };

  it('requires a secret for a store of your own, at construction', () => {
    const saved = process.env['BRANE_APPROVAL_SECRET'];
    delete process.env['BRANE_APPROVAL_SECRET'];
    try {
      expect(() => new Runtime({ approvals: { store: custom } })).toThrow(
        expect.objectContaining({
          code: 'INVALID_OPTIONS',
          message: expect.stringMatching(/approvals.secret/) as string,
        }) as Error,
      );
      expect(() => new Runtime({ approvals: { store: custom, secret: 'k'.repeat(32) } })).not.toThrow();
    } finally {
      if (saved !== undefined) process.env['BRANE_APPROVAL_SECRET'] = saved;
    }
  });

  it.each<[string, unknown]>([
    ['an unknown option', { waitt: true }],
    ['a store without the ApprovalStore methods', { store: {} }],
    ['a poll interval of zero', { pollIntervalMs: 0 }],
    ['a non-boolean wait', { wait: 'yes' }],
  ])('refuses %s', (_label, approvals) => {
    expect(() => new Runtime({ approvals } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
  });
});

describe('Runtime.close and the approval store', () => {
  it('closes the approval store it was given (the store releases only what it opened)', async () => {
    const store = Object.assign(new InMemoryApprovalStore(), { close: jest.fn(async () => undefined) });
    const runtime = new Runtime({ approvals: { store } });

    await runtime.close();

    expect(store.close).toHaveBeenCalledTimes(1);
  });

  it('reports a store that fails to close, after closing the rest', async () => {
    const failure = new Error('pool end failed');
    const store = Object.assign(new InMemoryApprovalStore(), { close: jest.fn(async () => Promise.reject(failure)) });

    await expect(new Runtime({ approvals: { store } }).close()).rejects.toBe(failure);
  });

  it('closes a store without `close` (the embedded stores) as a no-op', async () => {
    await expect(new Runtime({ approvals: { store: new InMemoryApprovalStore() } }).close()).resolves.toBeUndefined();
  });
});

describe('runtime.approvals.page', () => {
  it('pages the verified records with a keyset cursor', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments } = setup(store);
    for (let i = 0; i < 3; i++) await payments.refund(`cust_${i}`, 250).catch(() => undefined);

    const first = await runtime.approvals.page({ state: 'pending', limit: 2 });
    const second = await runtime.approvals.page({ state: 'pending', limit: 2, cursor: first.nextCursor });

    expect(first.records).toHaveLength(2);
    expect(second).toMatchObject({ records: [expect.objectContaining({ status: 'pending' })], nextCursor: undefined });
    // Ids made in the same millisecond are not ordered among themselves: compare the set.
    expect([...first.records, ...second.records].map((r) => r.args['customerId']).sort()).toStrictEqual([
      'cust_0',
      'cust_1',
      'cust_2',
    ]);
  });
});
