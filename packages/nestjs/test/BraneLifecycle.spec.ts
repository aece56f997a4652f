import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Scope } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { BraneError } from '@brane/errors';
import { Capability, Decision, Runtime, type PolicyContext, BeforeCapability } from '@brane/sdk';
import { BraneModule } from '@brane/nestjs';
import { RefundLedger } from './fixtures/RefundLedger';
import { RefundPolicies } from './fixtures/RefundPolicies';
import { SupportAgent } from './fixtures/SupportAgent';
import { TenantLimits } from './fixtures/TenantLimits';
import { startApp, supportModule } from './fixtures/createApp';

let created = 0;

@Injectable({ scope: Scope.REQUEST })
class RequestAgent {
  readonly serial = ++created;

  @Capability({ name: 'draft_reply', risk: 'low' })
  async draftReply(text: string): Promise<{ serial: number; text: string }> {
    return { serial: this.serial, text };
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientAgent {
  @Capability({ name: 'summarise', risk: 'low' })
  summarise(text: string): string {
    return text.slice(0, 3);
  }
}

@Injectable()
class TransientUserA {
  constructor(readonly agent: TransientAgent) {}
}
@Injectable()
class TransientUserB {
  constructor(readonly agent: TransientAgent) {}
}

@Injectable()
class ReplyPolicies {
  @BeforeCapability('draft_reply', { name: 'no_shouting' })
  noShouting(ctx: PolicyContext): Decision {
    return ctx.arg<string>('text') === ctx.arg<string>('text', '').toUpperCase()
      ? Decision.deny('No shouting')
      : Decision.allow();
  }

  @BeforeCapability('summarise', { name: 'no_secrets' })
  noSecrets(ctx: PolicyContext): Decision {
    return ctx.arg<string>('text', '').includes('secret') ? Decision.deny('No secrets') : Decision.allow();
  }
}

@Controller()
class ReplyController {
  constructor(private readonly agent: RequestAgent) {}

  @Get('reply')
  reply() {
    return this.agent.draftReply('Thanks for writing');
  }

  @Get('shout')
  shout() {
    return this.agent.draftReply('REFUND NOW');
  }
}

const scoped = supportModule(
  {},
  {
    providers: [RequestAgent, TransientAgent, TransientUserA, TransientUserB, ReplyPolicies],
    controllers: [ReplyController],
  },
);

describe('agents are providers', () => {
  it('governs a request-scoped agent per request, before the controller gets it', async () => {
    const t = await startApp(scoped);
    try {
      const first = await t.request('/reply');
      const second = await t.request('/reply');
      expect(first).toMatchObject({ status: 200, body: { text: 'Thanks for writing' } });
      expect(second.body.serial).not.toBe(first.body.serial);
      const denied = await t.request('/shout');
      expect(denied).toMatchObject({ status: 403, body: { code: 'CAPABILITY_DENIED', policy: 'no_shouting' } });
    } finally {
      await t.app.close();
    }
  });

  it('governs each instance of a transient agent, those made at start-up and those made later', async () => {
    const t = await startApp(scoped);
    try {
      const a = t.app.get(TransientUserA).agent;
      const b = t.app.get(TransientUserB).agent;
      expect(a).not.toBe(b);
      for (const agent of [
        a,
        b,
        await t.app.get(ModuleRef).create(TransientAgent),
        await t.app.resolve(TransientAgent),
      ]) {
        expect(agent.summarise('hello')).toBe('hel');
        expect(() => agent.summarise('a secret')).toThrow('No secrets');
      }
    } finally {
      await t.app.close();
    }
  });

  it('hands out no ungoverned agent: before the application is initialised, calls are refused, never run', async () => {
    const moduleRef = await Test.createTestingModule(supportModule()).compile();
    const agent = moduleRef.get(SupportAgent);
    await expect(agent.refundCustomer('c1', 10)).rejects.toMatchObject({ code: 'UNGOVERNED_CALL' });
    expect(moduleRef.get(RefundLedger).entries).toEqual([]);
    await moduleRef.init();
    const runtime = moduleRef.get(Runtime);
    await expect(
      runtime.withContext({ scopes: ['refunds:create'], tenantId: 'tenant_small' }, () =>
        agent.refundCustomer('c1', 10),
      ),
    ).resolves.toMatchObject({ amountUsd: 10 });
    await moduleRef.close();
  });
});

describe('policies are providers', () => {
  it('builds a policy class with its injected dependencies', async () => {
    const moduleRef = await Test.createTestingModule(supportModule()).compile();
    await moduleRef.init();
    const runtime = moduleRef.get(Runtime);
    const agent = moduleRef.get(SupportAgent);
    const refund = (tenantId: string, amount: number) =>
      runtime.withContext({ tenantId, scopes: ['refunds:create'] }, () => agent.refundCustomer('c1', amount));
    await expect(refund('tenant_small', 150)).rejects.toThrow('exceeds the limit of $100');
    // TenantLimits gives tenant_big a limit of $10,000: the refund is no longer denied, only held for approval.
    await expect(refund('tenant_big', 150)).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED' });
    await moduleRef.close();
  });

  it('uses an overridden dependency of a policy (overrideProvider), as Nest tests do', async () => {
    const t = await startApp(supportModule(), (builder) =>
      builder.overrideProvider(TenantLimits).useValue({ limitFor: () => 1000, approvalAbove: () => 5000 }),
    );
    try {
      const headers = { 'x-user': 'alice', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };
      const response = await t.request('/refunds', { body: { customerId: 'c1', amountUsd: 349 }, headers });
      expect(response).toMatchObject({ status: 201, body: { amountUsd: 349 } });
    } finally {
      await t.app.close();
    }
  });

  it('registers an overriding policy class in place of the original (overrideProvider().useClass)', async () => {
    @Injectable()
    class NoRefunds {
      @BeforeCapability('refund_customer', { name: 'no_refunds' })
      deny(): Decision {
        return Decision.deny('Refunds are closed today');
      }
    }
    const t = await startApp(supportModule(), (builder) =>
      builder.overrideProvider(RefundPolicies).useClass(NoRefunds),
    );
    try {
      expect(t.app.get(Runtime).policies.map((policy) => policy.name)).toEqual(['no_refunds']);
      const headers = { 'x-user': 'alice', 'x-tenant': 'tenant_small', 'x-scopes': 'refunds:create' };
      const response = await t.request('/refunds', { body: { customerId: 'c1', amountUsd: 1 }, headers });
      expect(response).toMatchObject({
        status: 403,
        body: { message: 'Refunds are closed today', policy: 'no_refunds' },
      });
    } finally {
      await t.app.close();
    }
  });

  it('registers policy classes once, in module order then provider order', async () => {
    @Injectable()
    class First {
      @BeforeCapability('*', { name: 'first' })
      check(): Decision {
        return Decision.allow();
      }
    }
    @Injectable()
    class Second {
      @BeforeCapability('*', { name: 'second' })
      check(): Decision {
        return Decision.allow();
      }
    }
    @Module({ providers: [Second] })
    class Inner {}
    const moduleRef = await Test.createTestingModule({
      imports: [BraneModule.forRoot(), Inner],
      providers: [First, { provide: 'alias', useExisting: First }],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(Runtime).policies.map((policy) => policy.name)).toEqual(['first', 'second']);
    await moduleRef.close();
  });
});

describe('start-up errors', () => {
  const compileAndInit = async (metadata: Parameters<typeof Test.createTestingModule>[0]) => {
    const moduleRef = await Test.createTestingModule(metadata).compile();
    await moduleRef.init();
    return moduleRef;
  };

  it('refuses bad options where the module is imported', () => {
    expect(() => BraneModule.forRoot({ agentId: 'x' } as never)).toThrow(/unknown option `agentId`/);
    expect(() => BraneModule.forRoot({ resumeRoute: 'approvals/resume' })).toThrow(/`:approvalId` parameter/);
    expect(() => BraneModule.forRootAsync({} as never)).toThrow(BraneError);
  });

  it('fails start-up on bad runtime options, naming them', async () => {
    await expect(
      compileAndInit({ imports: [BraneModule.forRoot({ runtime: { environment: 'moon' as never } })] }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: expect.stringMatching(/environment/) as unknown });
  });

  it('fails start-up on a request-scoped policy class', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class PerRequestPolicies {
      @BeforeCapability('*')
      check(): Decision {
        return Decision.allow();
      }
    }
    await expect(compileAndInit({ imports: [BraneModule.forRoot()], providers: [PerRequestPolicies] })).rejects.toThrow(
      /`PerRequestPolicies` must be a singleton provider \(it is request-scoped\)/,
    );
  });

  it('fails start-up on a policy targeting an unknown capability, by default', async () => {
    const failure: unknown = await compileAndInit({
      imports: [BraneModule.forRoot()],
      providers: [RefundPolicies, TenantLimits],
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BraneError);
    expect((failure as BraneError).code).toBe('UNKNOWN_TARGET');
    expect((failure as BraneError).message).toMatch(
      /targets `refund_customer`, which no governed class or function declares/,
    );
  });

  it("only logs an unknown target under `unknownTargets: 'warn'`, and its runtime runs calls", async () => {
    @Injectable()
    class Notifier {
      @Capability({ name: 'send_note' })
      send(text: string): string {
        return text;
      }
    }
    const app = await compileAndInit({
      imports: [BraneModule.forRoot({ unknownTargets: 'warn' })],
      providers: [RefundPolicies, TenantLimits, Notifier],
    });
    expect(
      app
        .get(Runtime)
        .validate()
        .problems.map((problem) => problem.target),
    ).toEqual(['refund_customer', 'refund_customer']);
    expect(app.get(Notifier).send('hi')).toBe('hi');
  });

  it('fails start-up when an agent is governed twice (two global runtimes)', async () => {
    await expect(
      compileAndInit({
        imports: [BraneModule.forRoot(), BraneModule.forRoot()],
        providers: [SupportAgent, RefundLedger],
      }),
    ).rejects.toMatchObject({ code: 'ALREADY_GOVERNED' });
  });
});
