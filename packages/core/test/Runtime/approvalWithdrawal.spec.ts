import { InMemoryApprovalStore, type ApprovalRecord } from '@brane/approvals';
import { MemoryAuditSink } from '@brane/audit';
import { Decision } from '@brane/decisions';
import { ApprovalError, ApprovalRequiredError } from '@brane/errors';
import { Capability, Runtime } from '@brane/core';

/**
 * Security review, finding 9: with `approvals: { wait: true }`, an abandoned call ran once approved. A call
 * waiting for its approval now takes its request's signal (`withContext({ signal })`); when it aborts, the
 * request is withdrawn (in the store and the audit trail) and never runs.
 */

class Payments {
  readonly refunds: number[] = [];

  @Capability({ name: 'refund', risk: 'high' })
  async refund(customerId: string, amountUsd: number): Promise<string> {
    this.refunds.push(amountUsd);
    return `refunded ${amountUsd} to ${customerId}`;
  }
}

function setup(options: { wait?: boolean } = {}) {
  const store = new InMemoryApprovalStore();
  const sink = new MemoryAuditSink();
  const runtime = new Runtime({
    tenantId: 'acme',
    principalId: 'user_1',
    approvals: { store, wait: options.wait ?? true, pollIntervalMs: 2 },
    audit: { sinks: [sink] },
  });
  runtime.beforeCapability('refund', { name: 'refund_limit' }, (ctx) =>
    ctx.arg<number>('amountUsd', 0) <= 100
      ? Decision.allow()
      : Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Large refund' }),
  );
  const payments = runtime.govern(new Payments());
  /** The one request in the store, once it is there. */
  const request = async (): Promise<ApprovalRecord> => {
    for (;;) {
      const [record] = await runtime.approvals.list();
      if (record !== undefined) return record;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  return { runtime, payments, sink, request };
}

describe('a call waiting for its approval, abandoned by its caller (security review, finding 9)', () => {
  it('withdraws the request when the signal aborts: recorded in the store and the audit trail, never run', async () => {
    const { runtime, payments, sink, request } = setup();
    const controller = new AbortController();
    const reason = new Error('client disconnected');

    const call = runtime.withContext({ signal: controller.signal }, () => payments.refund('cust_1', 250));
    const pending = await request();
    controller.abort(reason);

    await expect(call).rejects.toBe(reason);
    const record = await runtime.approvals.get(pending.id);
    expect(record).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'The caller abandoned the call: client disconnected' },
    });
    await expect(runtime.approvals.approve(pending.id, { approver: 'maria' })).rejects.toMatchObject({
      code: 'APPROVAL_WITHDRAWN',
    });
    await expect(runtime.resume(pending.id)).rejects.toBeInstanceOf(ApprovalError);
    expect(payments.refunds).toEqual([]);
    await runtime.close();
    const approvalEvents = sink.events.filter((event) => event.type.startsWith('approval.'));
    expect(approvalEvents).toMatchObject([
      { type: 'approval.requested', approvalId: pending.id },
      {
        type: 'approval.withdrawn',
        approvalId: pending.id,
        reason: 'The caller abandoned the call: client disconnected',
      },
    ]);
  });

  it('never runs a request approved at the same moment the caller aborts', async () => {
    const { runtime, payments, request } = setup();
    const controller = new AbortController();

    const call = runtime.withContext({ signal: controller.signal }, () => payments.refund('cust_1', 250));
    const pending = await request();
    const approval = runtime.approvals.approve(pending.id, { approver: 'maria' });
    controller.abort();
    const [approved] = await Promise.allSettled([approval]);

    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(approved?.status).toBe('fulfilled'); // the approval was stored first, and was withdrawn after it
    await expect(runtime.approvals.get(pending.id)).resolves.toMatchObject({ status: 'withdrawn' });
    expect(payments.refunds).toEqual([]);
  });

  it('withdraws at once for a signal that aborted before the call', async () => {
    const { runtime, payments, request } = setup();

    const call = runtime.withContext({ signal: AbortSignal.abort('gone') }, () => payments.refund('cust_1', 250));

    await expect(call).rejects.toBe('gone');
    await expect(request()).resolves.toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'The caller abandoned the call: gone' },
    });
    expect(payments.refunds).toEqual([]);
  });

  it('runs the call once approved while its signal has not aborted', async () => {
    const { runtime, payments, request } = setup();
    const controller = new AbortController();

    const call = runtime.withContext({ signal: controller.signal }, () => payments.refund('cust_1', 250));
    await runtime.approvals.approve((await request()).id, { approver: 'maria' });

    await expect(call).resolves.toBe('refunded 250 to cust_1');
    controller.abort();
    expect(payments.refunds).toEqual([250]);
    await expect(request()).resolves.toMatchObject({ status: 'completed' });
  });

  it('is abandoned when an enclosing request aborts: nested signals combine', async () => {
    const { runtime, payments, request } = setup();
    const outer = new AbortController();

    const call = runtime.withContext({ signal: outer.signal }, () =>
      runtime.withContext({ tenantId: 'acme', signal: new AbortController().signal }, () =>
        runtime.withContext({ signal: undefined }, () => payments.refund('cust_1', 250)),
      ),
    );
    await request();
    outer.abort();

    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await expect(request()).resolves.toMatchObject({ status: 'withdrawn' });
  });

  it('keeps the request open when the call does not wait: the signal only ends a wait', async () => {
    const { runtime, payments, request } = setup({ wait: false });
    const controller = new AbortController();

    const call = runtime.withContext({ signal: controller.signal }, () => payments.refund('cust_1', 250));
    await expect(call).rejects.toBeInstanceOf(ApprovalRequiredError);
    controller.abort();

    await expect(request()).resolves.toMatchObject({ status: 'pending' });
  });

  it('lets an application withdraw a request itself, recorded in the audit trail', async () => {
    const { runtime, payments, sink } = setup({ wait: false });
    const { approvalId } = (await payments
      .refund('cust_1', 250)
      .catch((error: unknown) => error)) as ApprovalRequiredError;

    const record = await runtime.approvals.withdraw(approvalId, { reason: 'The chat was closed' });
    await runtime.approvals.withdraw(approvalId, { reason: 'again' });

    expect(record).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'The chat was closed' } });
    await expect(runtime.resume(approvalId)).rejects.toMatchObject({ code: 'APPROVAL_WITHDRAWN' });
    await runtime.close();
    expect(sink.events.filter((event) => event.type === 'approval.withdrawn')).toHaveLength(1);
  });

  it('reports a store that fails to withdraw, rather than the abort: the request may still be pending', async () => {
    const store = new InMemoryApprovalStore();
    const runtime = new Runtime({ approvals: { store, wait: true, pollIntervalMs: 2 } });
    runtime.beforeCapability('refund', { name: 'ask' }, () =>
      Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Large refund' }),
    );
    const payments = runtime.govern(new Payments());
    const controller = new AbortController();

    const call = runtime.withContext({ signal: controller.signal }, () => payments.refund('cust_1', 250));
    while ((await store.list()).length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    store.update = () => Promise.reject(new Error('disk full'));
    controller.abort();

    await expect(call).rejects.toMatchObject({
      code: 'APPROVAL_STORE_FAILED',
      message: expect.stringMatching(/disk full/) as string,
    });
    expect(payments.refunds).toEqual([]);
  });

  it('refuses a signal that is not an AbortSignal, naming it', () => {
    const { runtime } = setup();

    expect(() => runtime.withContext({ signal: 'stop' as unknown as AbortSignal }, () => 1)).toThrow(
      /runtime\.withContext.*signal.*must be an AbortSignal/s,
    );
  });
});
