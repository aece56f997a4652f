import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { Runtime } from '../../src';

describe('runtime.explain in a session', () => {
  it("sees the call's session as the call would, and records nothing", async () => {
    const runtime = new Runtime();
    const lookup = runtime.capability({ name: 'lookup', produces: ['pii'] }, async () => 'account ACC-4411-9920-7731');
    runtime.capability({ name: 'send' }, async (body: string) => body.length);
    runtime.beforeCapability('send', { name: 'no_pii' }, (ctx: PolicyContext) =>
      ctx.argLabels('body').includes('pii') ? Decision.deny('customer data leaves') : Decision.allow(),
    );
    await runtime.withContext({ sessionId: 's1' }, () => lookup());
    const explain = (sessionId: string) => runtime.explain('send', { body: 'to ACC-4411-9920-7731' }, { sessionId });
    expect((await explain('s1')).decision.type).toBe('deny');
    expect((await explain('s2')).decision.type).toBe('allow');
    expect((await runtime.explain('send', { body: 'to ACC-4411-9920-7731' })).decision.type).toBe('allow');
    expect((await explain('s1')).decision.type).toBe('deny'); // explaining recorded nothing
  });
});
