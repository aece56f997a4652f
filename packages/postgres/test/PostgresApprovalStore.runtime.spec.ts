import { ApprovalError, ApprovalRequiredError } from '@brane/errors';
import { PostgresApprovalStore, type PostgresPool, type PostgresQuery } from '@brane/postgres';
import { describeWithDatabase } from './harness/testDatabase';
import { refundRuntime } from './fixtures/refundRuntime';

const NOWHERE = 'postgres://postgres@127.0.0.1:9/postgres';

/** Requests a refund over the limit and returns the approval id. */
async function requestRefund(refund: (customer: string, amount: number) => Promise<string>): Promise<string> {
  const error: unknown = await refund('cust_1', 250).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApprovalRequiredError);
  return (error as ApprovalRequiredError).approvalId;
}

describeWithDatabase('a Runtime on PostgresApprovalStore', (db) => {
  const store = () => new PostgresApprovalStore({ pool: db().pool, schema: db().schema });

  it('requests, approves and resumes once, from runtimes that share only the database', async () => {
    const body = jest.fn((customer: string, amount: number) => `refunded ${amount} to ${customer}`);
    const requester = refundRuntime(store(), body);
    const approver = refundRuntime(store(), body);
    const resumer = refundRuntime(store(), body);

    const id = await requestRefund(requester.refund);
    await approver.runtime.approvals.approve(id, { approver: 'maria@finance' });

    await expect(resumer.runtime.resume(id)).resolves.toBe('refunded 250 to cust_1');
    await expect(requester.runtime.resume(id)).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
    expect(body).toHaveBeenCalledTimes(1);
    await expect(approver.runtime.approvals.get(id)).resolves.toMatchObject({
      status: 'completed',
      execution: { outcome: 'succeeded' },
    });
  });

  it('does not run a resume whose claim cannot be written, and leaves the approval approved', async () => {
    const body = jest.fn(() => 'refunded');
    const { runtime, refund } = refundRuntime(store(), body);
    const id = await requestRefund(refund);
    await runtime.approvals.approve(id, { approver: 'maria@finance' });
    const failingWrites: PostgresPool = {
      connect: () => db().pool.connect(),
      end: async () => undefined,
      query: async (query: PostgresQuery) => {
        if (query.text.startsWith('UPDATE'))
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return db().pool.query(query);
      },
    };
    const cut = refundRuntime(new PostgresApprovalStore({ pool: failingWrites, schema: db().schema }), body);

    await expect(cut.runtime.resume(id)).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED' });
    expect(body).not.toHaveBeenCalled();
    await expect(runtime.approvals.get(id)).resolves.toMatchObject({ status: 'approved' });
    await expect(runtime.resume(id)).resolves.toBe('refunded');
  });

  it('runtime.close() ends the pool the store opened from a connection string', async () => {
    const owned = new PostgresApprovalStore({ connectionString: db().url, schema: db().schema, maxConnections: 1 });
    const { runtime } = refundRuntime(owned, () => 'refunded');
    await expect(runtime.approvals.list()).resolves.toBeInstanceOf(Array);

    await runtime.close();

    await expect(owned.list()).rejects.toMatchObject({
      code: 'APPROVAL_STORE_FAILED',
      details: { kind: 'connection' },
    });
  });
});

describe('a Runtime whose PostgreSQL cannot be reached', () => {
  it('fails closed: neither a new request nor a resume runs its action', async () => {
    const store = new PostgresApprovalStore({ connectionString: NOWHERE, timeoutMs: 5_000 });
    const body = jest.fn(() => 'refunded');
    const { runtime, refund } = refundRuntime(store, body);
    try {
      await expect(refund('cust_1', 250)).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED' });
      const resumed: unknown = await runtime.resume('01HZX0000000000000000000AA').catch((caught: unknown) => caught);

      expect(resumed).toBeInstanceOf(ApprovalError);
      expect(resumed).toMatchObject({ code: 'APPROVAL_STORE_FAILED', details: { kind: 'connection' } });
      expect(body).not.toHaveBeenCalled();
      await expect(refund('cust_1', 50)).resolves.toBe('refunded');
    } finally {
      await runtime.close();
    }
  });
});
