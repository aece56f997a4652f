import 'reflect-metadata';
import { Runtime } from '@brane/core';
import { RefundLedger } from './fixtures/RefundLedger';
import { SupportAgent } from './fixtures/SupportAgent';
import { startApp, type TestApp } from './fixtures/createApp';

describe('BraneModule over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.app.close();
  });

  const alice = { 'x-user': 'alice', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };

  it('runs an allowed refund', async () => {
    const response = await t.request('/refunds', { body: { customerId: 'c1', amountUsd: 20 }, headers: alice });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ refundId: expect.any(String), amountUsd: 20 });
  });

  it('answers a denied refund with 403 and its reason, and the body never ran', async () => {
    const ledger = t.app.get(RefundLedger);
    const before = ledger.entries.length;
    const response = await t.request('/refunds', { body: { customerId: 'c2', amountUsd: 349 }, headers: alice });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      code: 'CAPABILITY_DENIED',
      message: 'Refund of $349 exceeds the limit of $100',
      capability: 'refund_customer',
      policy: 'refund_limit',
      stage: 'before',
      actionId: expect.any(String),
    });
    expect(ledger.entries.length).toBe(before);
  });

  it('injects the governed agent: what the container hands out is the instance the runtime governs', async () => {
    const agent = t.app.get(SupportAgent);
    const runtime = t.app.get(Runtime);
    expect(runtime.capabilities.map((capability) => capability.name).sort()).toEqual(['refund_customer', 'whoami']);
    expect(runtime.policies.map((policy) => policy.name)).toEqual(['refund_limit', 'refund_approval']);
    await expect(runtime.withContext({ tenantId: 'tenant_small' }, () => agent.refundCustomer('c3', 500))).rejects.toThrow(
      /exceeds the limit/,
    );
  });
});
