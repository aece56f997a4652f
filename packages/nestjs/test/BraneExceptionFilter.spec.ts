import 'reflect-metadata';
import { Controller, Get, Injectable } from '@nestjs/common';
import { BeforeCapability, Capability, Decision, type PolicyContext } from '@brane/sdk';
import { startApp, supportModule, type TestApp } from './fixtures/createApp';

class Unmanaged {
  @Capability({ name: 'unmanaged' })
  async run(): Promise<string> {
    return 'ran';
  }
}

@Injectable()
class NoisyAgent {
  @Capability({ name: 'noisy' })
  async echo(text: string): Promise<string> {
    return text;
  }
}

@Injectable()
class NoisyPolicies {
  @BeforeCapability('noisy', { name: 'quote_everything' })
  quote(ctx: PolicyContext): Decision {
    return Decision.deny(`Not allowed: ${ctx.arg<string>('text', '')}`);
  }
}

@Injectable()
class Mailer {
  @Capability({ name: 'send_mail' })
  async send(): Promise<{ sent: true }> {
    return { sent: true };
  }
}

@Injectable()
class MailPolicies {
  @BeforeCapability('send_mail', { name: 'mail_rate' })
  rate(): Decision {
    return Decision.allow().withLimits({ key: 'mail:tenant_service', max: 1, per: '1h' });
  }
}

@Controller()
class ErrorsController {
  constructor(
    private readonly noisy: NoisyAgent,
    private readonly mailer: Mailer,
  ) {}

  @Get('mail')
  mail() {
    return this.mailer.send();
  }

  @Get('huge')
  huge() {
    return this.noisy.echo('A'.repeat(5_000_000));
  }

  @Get('ungoverned')
  ungoverned() {
    return new Unmanaged().run();
  }

  @Get('plain-error')
  plain() {
    throw new Error('not a Brane error');
  }
}

describe('BraneExceptionFilter over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(
      supportModule(
        { errors: { maxReasonLength: 200 } },
        { providers: [NoisyAgent, NoisyPolicies, Mailer, MailPolicies], controllers: [ErrorsController] },
      ),
    );
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('bounds a reason that quotes a 5 MB argument, and says it was cut', async () => {
    const response = await t.request('/huge');
    expect(response.status).toBe(403);
    expect(response.body.messageCut).toBe(true);
    expect(JSON.stringify(response.body).length).toBeLessThan(1000);
  });

  it('answers a configuration error at request time with 500, without its message', async () => {
    const response = await t.request('/ungoverned');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'UNGOVERNED_CALL',
      message: 'Brane could not complete this action',
    });
  });

  it('answers a limit without room with 429, Retry-After and the limit', async () => {
    expect((await t.request('/mail')).status).toBe(200);
    const response = await t.request('/mail');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3600');
    expect(response.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'CAPABILITY_DENIED',
      policy: 'mail_rate',
      limit: { key: 'mail:tenant_service', kind: 'count', max: 1, remaining: 0 },
    });
    const limit = response.body['limit'] as { retryAfterMs: number };
    expect(limit.retryAfterMs).toBeGreaterThan(3_599_000);
  });

  it('leaves other errors to Nest', async () => {
    const response = await t.request('/plain-error');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
  });
});
