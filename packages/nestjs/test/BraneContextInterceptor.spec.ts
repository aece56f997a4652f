import 'reflect-metadata';
import { startApp, type TestApp } from './fixtures/createApp';

describe('identity from the request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.app.close();
  });

  it("runs an anonymous request with no identity, never the runtime's own", async () => {
    const response = await t.request('/whoami');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tenantId: null, principalId: null, scopes: [] });
  });

  it('denies an anonymous request a capability that needs a scope the runtime itself holds', async () => {
    const response = await t.request('/refunds', { body: { customerId: 'c1', amountUsd: 5 } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'CAPABILITY_DENIED', policy: 'brane.required_scopes' });
  });

  it('keeps each of 1,000 concurrent requests from 50 tenants in its own identity', async () => {
    const requests = Array.from({ length: 1000 }, (_, i) => {
      if (i % 25 === 0) return { headers: {}, expected: { tenantId: null, principalId: null, scopes: [] } };
      const tenant = `tenant_${i % 50}`;
      const user = `user_${i % 50}_${i}`;
      const scopes = [`tickets:${i % 50}`];
      return {
        headers: { 'x-user': user, 'x-tenant': tenant, 'x-scopes': scopes.join(',') },
        expected: { tenantId: tenant, principalId: user, scopes },
      };
    });
    const responses = await Promise.all(requests.map(({ headers }) => t.request('/whoami', { headers })));
    responses.forEach((response, i) => {
      expect(response.status).toBe(200);
      expect(response.body).toEqual(requests[i]!.expected);
    });
  }, 120_000);

  it('refuses a malformed identity with 401, naming the field and not the value', async () => {
    const response = await t.request('/whoami', {
      headers: { 'x-user': 'eve', 'x-tenant': 'tenant a', 'x-scopes': '' },
    });
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/`tenantId` must be a string/);
    expect(JSON.stringify(response.body)).not.toContain('tenant a');
  });
});
