import 'reflect-metadata';
import { Controller, Get, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BraneRequestContext } from '@brane/nestjs';
import { SupportAgent, type SeenIdentity } from './fixtures/SupportAgent';
import { startApp, supportModule, type TestApp } from './fixtures/createApp';

/** A guard that asks the agent who it acts for: guards run before interceptors, so it uses the helper. */
@Injectable()
class WhoamiGuard implements CanActivate {
  static seen: (SeenIdentity | undefined)[] = [];
  constructor(
    private readonly brane: BraneRequestContext,
    private readonly agent: SupportAgent,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    WhoamiGuard.seen.push(await this.brane.run(context, () => this.agent.whoami()));
    return true;
  }
}

@Controller()
class GuardedController {
  @Get('guarded')
  @UseGuards(WhoamiGuard)
  guarded() {
    return { ok: true };
  }
}

describe('BraneRequestContext', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(supportModule({}, { providers: [WhoamiGuard], controllers: [GuardedController] }));
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('runs code in a guard in the identity of the request', async () => {
    const headers = { 'x-user': 'alice', 'x-tenant': 'tenant_small', 'x-scopes': 'tickets:read' };
    expect((await t.request('/guarded', { headers })).status).toBe(200);
    expect((await t.request('/guarded')).status).toBe(200);
    expect(WhoamiGuard.seen).toEqual([
      { tenantId: 'tenant_small', principalId: 'alice', scopes: ['tickets:read'] },
      { tenantId: null, principalId: null, scopes: [] },
    ]);
  });
});
