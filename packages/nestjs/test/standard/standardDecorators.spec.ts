// Compiled with standard (TC39) decorators, as the rest of Brane is: agents and policies written with Brane's
// decorators in a library compiled this way work in a Nest application. Nest 12's own decorators need
// `experimentalDecorators` (see the last test), so here they are applied by calling them, not with `@`.
import 'reflect-metadata';
import { Body, Controller, Get, Inject, Injectable, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { BeforeCapability, Capability, Decision, Runtime, type PolicyContext } from '@brane/sdk';
import { BraneModule, BranePolicies } from '@brane/nestjs';

class Ledger {
  readonly refunds: number[] = [];
}

class SupportAgent {
  constructor(private readonly ledger: Ledger) {}

  @Capability({ name: 'refund_customer', risk: 'high' })
  async refundCustomer(customerId: string, amountUsd: number): Promise<{ customerId: string; amountUsd: number }> {
    this.ledger.refunds.push(amountUsd);
    return { customerId, amountUsd };
  }
}
Injectable()(SupportAgent);
Inject(Ledger)(SupportAgent, undefined, 0);

@BranePolicies()
class RefundPolicies {
  constructor(private readonly limit: number) {}

  @BeforeCapability('refund_customer', { name: 'refund_limit' })
  check(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > this.limit ? Decision.deny('Over the limit') : Decision.allow();
  }
}

class RefundController {
  constructor(private readonly agent: SupportAgent) {}

  refund(body: { customerId: string; amountUsd: number }) {
    return this.agent.refundCustomer(body.customerId, body.amountUsd);
  }
}
Controller()(RefundController);
Inject(SupportAgent)(RefundController, undefined, 0);
Post('refunds')(
  RefundController.prototype,
  'refund',
  Object.getOwnPropertyDescriptor(RefundController.prototype, 'refund')!,
);
Body()(RefundController.prototype, 'refund', 0);

describe('a Nest application with Brane classes compiled with standard decorators', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [BraneModule.forRoot({ identify: () => ({ tenantId: 'tenant_a', principalId: 'alice' }) })],
      providers: [Ledger, SupportAgent, { provide: RefundPolicies, useFactory: () => new RefundPolicies(100) }],
      controllers: [RefundController],
    }).compile();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
  });

  const post = async (amountUsd: number) => {
    const response = await fetch(`${url}/refunds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'c1', amountUsd }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('governs the agent and registers the policies the container built', async () => {
    expect(app.get(Runtime).policies.map((policy) => policy.name)).toEqual(['refund_limit']);
    expect(await post(20)).toEqual({ status: 201, body: { customerId: 'c1', amountUsd: 20 } });
    expect(await post(500)).toMatchObject({
      status: 403,
      body: { code: 'CAPABILITY_DENIED', message: 'Over the limit' },
    });
    expect(app.get(Ledger).refunds).toEqual([20]);
  });

  it("documents that Nest 12's own method decorators need experimentalDecorators", () => {
    expect(() => {
      class Broken {
        // @ts-expect-error -- Nest's decorators have the experimentalDecorators signature.
        @Get('x')
        handler(): string {
          return 'x';
        }
      }
      return Broken;
    }).toThrow(TypeError);
  });
});
