import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  BeforeCapability,
  Capability,
  Decision,
  InMemoryApprovalStore,
  Runtime,
  type AuditEvent,
  type AuditSink,
  type PolicyContext,
} from '@brane/sdk';
import { BraneModule } from '@brane/nestjs';
import { identifyUser } from './fixtures/HeaderAuthGuard';
import { RefundLedger } from './fixtures/RefundLedger';
import { SupportAgent } from './fixtures/SupportAgent';
import { startApp, supportModule, type TestApp } from './fixtures/createApp';

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
    expect(response.body).toEqual({ refundId: expect.any(String) as unknown, amountUsd: 20 });
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
      actionId: expect.any(String) as unknown,
    });
    expect(ledger.entries.length).toBe(before);
  });

  it('injects the governed agent: what the container hands out is the instance the runtime governs', async () => {
    const agent = t.app.get(SupportAgent);
    const runtime = t.app.get(Runtime);
    expect(runtime.capabilities.map((capability) => capability.name).sort()).toEqual(['refund_customer', 'whoami']);
    expect(runtime.policies.map((policy) => policy.name)).toEqual(['refund_limit', 'refund_approval']);
    await expect(
      runtime.withContext({ tenantId: 'tenant_small' }, () => agent.refundCustomer('c3', 500)),
    ).rejects.toThrow(/exceeds the limit/);
  });
});

describe('BraneModule scope and lifecycle', () => {
  @Injectable()
  class MailAgent {
    readonly sent: string[] = [];
    @Capability({ name: 'send_mail', risk: 'medium' })
    send(to: string): string {
      this.sent.push(to);
      return to;
    }
  }
  @Injectable()
  class MailPolicies {
    @BeforeCapability('send_mail', { name: 'internal_only' })
    internal(ctx: PolicyContext): Decision {
      return ctx.arg<string>('to', '').endsWith('@example.com') ? Decision.allow() : Decision.deny('External mail');
    }
  }
  const runtimeAs = (token: string) => ({
    provide: token,
    useFactory: (runtime: Runtime) => runtime,
    inject: [Runtime],
  });
  @Module({
    imports: [BraneModule.forRoot({ global: false, resumeRoute: false })],
    providers: [MailAgent, MailPolicies, runtimeAs('MAIL_RUNTIME')],
  })
  class MailModule {}

  @Injectable()
  class ChatAgent {
    @Capability({ name: 'send_chat', risk: 'low' })
    send(text: string): string {
      return text;
    }
  }
  @Module({
    imports: [BraneModule.forRoot({ global: false, resumeRoute: false })],
    providers: [ChatAgent, runtimeAs('CHAT_RUNTIME')],
  })
  class ChatModule {}

  it('scopes a non-global module to the modules that import it: each has its own runtime and policies', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MailModule, ChatModule] }).compile();
    await moduleRef.init();
    const mailRuntime = moduleRef.get<Runtime>('MAIL_RUNTIME');
    const chatRuntime = moduleRef.get<Runtime>('CHAT_RUNTIME');
    expect(mailRuntime).not.toBe(chatRuntime);
    expect(mailRuntime.capabilities.map((c) => c.name)).toEqual(['send_mail']);
    expect(chatRuntime.capabilities.map((c) => c.name)).toEqual(['send_chat']);
    expect(chatRuntime.policies).toEqual([]);
    expect(() => moduleRef.get(MailAgent, { strict: false }).send('eve@evil.test')).toThrow('External mail');
    expect(moduleRef.get(ChatAgent, { strict: false }).send('eve@evil.test')).toBe('eve@evil.test');
    await moduleRef.close();
  });

  it('closes the runtime on shutdown, flushing its audit sinks', async () => {
    const written: AuditEvent[] = [];
    let closed = 0;
    const sink: AuditSink = {
      name: 'recording',
      async write(events) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        written.push(...events);
      },
      close() {
        closed += 1;
      },
    };
    const t = await startApp(supportModule({ runtime: { agentId: 'support-agent', audit: { sinks: [sink] } } }));
    const headers = { 'x-user': 'alice', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };
    expect((await t.request('/refunds', { body: { customerId: 'c1', amountUsd: 5 }, headers })).status).toBe(201);
    await t.app.close();
    expect(closed).toBe(1);
    expect(written.some((event) => event.capability === 'refund_customer')).toBe(true);
  });

  it('builds the runtime from a factory with injected providers (forRootAsync)', async () => {
    const store = new InMemoryApprovalStore();
    @Module({ providers: [{ provide: 'APPROVALS', useValue: store }], exports: ['APPROVALS'] })
    class StoreModule {}
    const t = await startApp({
      ...supportModule(),
      imports: [
        BraneModule.forRootAsync({
          imports: [StoreModule],
          inject: ['APPROVALS'],
          useFactory: (approvals: InMemoryApprovalStore) => ({
            runtime: { agentId: 'support-agent', approvals: { store: approvals } },
            identify: identifyUser,
          }),
        }),
      ],
    });
    try {
      const headers = { 'x-user': 'alice', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };
      const response = await t.request('/refunds', { body: { customerId: 'c1', amountUsd: 75 }, headers });
      expect(response.status).toBe(202);
      await expect(store.get(response.body['approvalId'] as string)).resolves.toMatchObject({
        capability: 'refund_customer',
      });
    } finally {
      await t.app.close();
    }
  });
});
