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

@Controller()
class ErrorsController {
  constructor(private readonly noisy: NoisyAgent) {}

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
        { providers: [NoisyAgent, NoisyPolicies], controllers: [ErrorsController] },
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

  it('leaves other errors to Nest', async () => {
    const response = await t.request('/plain-error');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
  });
});
