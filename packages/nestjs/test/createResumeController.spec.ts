import 'reflect-metadata';
import { Runtime } from '@brane/core';
import { RefundLedger } from './fixtures/RefundLedger';
import { startApp, type TestApp } from './fixtures/createApp';

describe('an approval round trip over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.app.close();
  });

  const bob = { 'x-user': 'bob', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };

  it('answers 202 with the approval id and a resume link, and resumes exactly once after approval', async () => {
    const ledger = t.app.get(RefundLedger);
    const runtime = t.app.get(Runtime);
    const before = ledger.entries.length;

    const asked = await t.request('/refunds', { body: { customerId: 'c9', amountUsd: 75 }, headers: bob });
    expect(asked.status).toBe(202);
    const { approvalId, resume } = asked.body as { approvalId: string; resume: string };
    expect(asked.body).toMatchObject({
      statusCode: 202,
      code: 'APPROVAL_REQUIRED',
      message: 'Refunds over $50 need finance',
      capability: 'refund_customer',
      approverGroups: ['finance-ops'],
      resume: `/brane/approvals/${approvalId}/resume`,
    });
    expect(asked.headers.get('location')).toBe(resume);
    expect(ledger.entries.length).toBe(before);

    // Not decided yet: 409, and nothing ran.
    const early = await t.request(resume, { method: 'POST', headers: bob });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'APPROVAL_PENDING', approvalId });

    await runtime.approvals.approve(approvalId, { approver: 'maria@finance' });

    // Someone else's request cannot use it, anonymous or another tenant's.
    const mallory = { 'x-user': 'mallory', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };
    expect((await t.request(resume, { method: 'POST', headers: mallory })).status).toBe(403);
    expect((await t.request(resume, { method: 'POST' })).status).toBe(403);
    expect(ledger.entries.length).toBe(before);

    // Five concurrent resumes by the requester: the refund runs once. Those that overlap the execution share
    // its result; those that arrive after it are told it was used.
    const resumed = await Promise.all(
      Array.from({ length: 5 }, () => t.request(resume, { method: 'POST', headers: bob })),
    );
    const executed = resumed.filter((response) => response.status === 200);
    expect(executed.length).toBeGreaterThanOrEqual(1);
    for (const response of executed) {
      expect(response.body).toEqual({
        approvalId,
        status: 'executed',
        result: { refundId: expect.any(String) as unknown, amountUsd: 75 },
      });
    }
    for (const response of resumed.filter((r) => r.status !== 200)) {
      expect(response).toMatchObject({ status: 409, body: { code: 'APPROVAL_ALREADY_USED' } });
    }
    expect(ledger.entries.length).toBe(before + 1);
    expect(ledger.entries.at(-1)).toEqual({ customerId: 'c9', amountUsd: 75 });

    const again = await t.request(resume, { method: 'POST', headers: bob });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'APPROVAL_ALREADY_USED', approvalId });
    expect(ledger.entries.length).toBe(before + 1);
  });

  it('answers an unknown approval with 404', async () => {
    const response = await t.request('/brane/approvals/01ARZ3NDEKTSV4RRFFQ69G5FAV/resume', {
      method: 'POST',
      headers: bob,
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'APPROVAL_NOT_FOUND' });
  });
});
