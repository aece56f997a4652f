import { CapabilityDeniedError, Decision, Runtime } from '@brane/sdk';
import { ChatAgent } from '../src/ChatAgent.js';
import { FREE_TIER_MODEL, LOCAL_MODEL, ModelRoutingPolicy } from '../src/ModelRoutingPolicy.js';
import { examplePlans } from '../src/TenantPlans.js';

const from = { capability: 'chat_completion', model: 'gpt-4o', provider: 'openai' };

/** A chat agent governed by `route_chat_model`, for `tenantId`. */
function governedAgent(tenantId: string): ChatAgent {
  const runtime = new Runtime({ agentId: 'chat-agent', environment: 'prod', tenantId });
  runtime.use(new ModelRoutingPolicy(examplePlans));
  return runtime.govern(new ChatAgent());
}

/** A chat agent whose only policy routes every call to `target`. */
function agentRoutedTo(target: Parameters<typeof Decision.route>[0]): ChatAgent {
  const runtime = new Runtime({ tenantId: 'tenant_acme' });
  runtime.beforeCapability('chat_completion', { name: 'reroute' }, () => Decision.route(target));
  return runtime.govern(new ChatAgent());
}

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('chat_completion under route_chat_model', () => {
  it('a pro tenant gets the default model, and no route is recorded', async () => {
    const agent = governedAgent('tenant_acme');
    const reply = await agent.chatCompletion('Hello');

    expect(reply).toStrictEqual({
      text: '(gpt-4o answers: 5 characters read)',
      model: 'gpt-4o',
      provider: 'openai',
      route: undefined,
    });
    expect(agent.client.requests).toStrictEqual([{ provider: 'openai', model: 'gpt-4o', prompt: 'Hello' }]);
  });

  it('a free-tier tenant is answered by gpt-4o-mini, and the route records the original and the target', async () => {
    const agent = governedAgent('tenant_hobby');
    const reply = await agent.chatCompletion('Hello');

    expect(reply).toStrictEqual({
      text: '(gpt-4o-mini answers: 5 characters read)',
      model: 'gpt-4o-mini',
      provider: 'openai',
      route: { from, to: FREE_TIER_MODEL },
    });
    expect(agent.client.requests).toStrictEqual([{ provider: 'openai', model: 'gpt-4o-mini', prompt: 'Hello' }]);
  });

  it.each(['tenant_acme', 'tenant_hobby'])('for %s, a prompt with a card number stays local', async (tenantId) => {
    const agent = governedAgent(tenantId);
    const prompt = 'Refund card 4111 1111 1111 1111';
    const reply = await agent.chatCompletion(prompt);

    expect(reply).toMatchObject({ model: 'llama-3.1-8b', provider: 'local', route: { from, to: LOCAL_MODEL } });
    expect(agent.client.requests).toStrictEqual([{ provider: 'local', model: 'llama-3.1-8b', prompt }]);
  });

  it('routes each call on its own: the route of one call does not stick to the next', async () => {
    const agent = governedAgent('tenant_acme');
    await agent.chatCompletion('Card 4111 1111 1111 1111');
    await expect(agent.chatCompletion('Hello')).resolves.toMatchObject({ model: 'gpt-4o', route: undefined });
    expect(agent.client.requests.map((request) => request.model)).toStrictEqual(['llama-3.1-8b', 'gpt-4o']);
  });
});

describe('routes chat_completion cannot honour', () => {
  it('a model not in routing.models is a deny, and no model is called', async () => {
    const agent = agentRoutedTo({ model: 'gpt-5-preview' });
    const error = await rejection(agent.chatCompletion('Hello'));

    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(error).toMatchObject({ policyName: 'reroute', stage: 'before', capability: 'chat_completion' });
    expect((error as CapabilityDeniedError).reason).toBe(
      'Policy `reroute` returned route, which cannot be honoured: `chat_completion` cannot be routed to model ' +
        '`gpt-5-preview` (its routing.models: gpt-4o-mini, llama-3.1-8b)',
    );
    expect(agent.client.requests).toHaveLength(0);
  });

  it('a provider not in routing.providers is a deny, and no model is called', async () => {
    const agent = agentRoutedTo({ provider: 'anthropic', model: 'gpt-4o-mini' });
    const error = await rejection(agent.chatCompletion('Hello'));

    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect((error as CapabilityDeniedError).reason).toMatch(/cannot be routed to provider `anthropic`/);
    expect(agent.client.requests).toHaveLength(0);
  });

  it('two policies routing one call to different models compose to a deny: hence one policy', async () => {
    const runtime = new Runtime({ tenantId: 'tenant_hobby' });
    runtime.beforeCapability('chat_completion', { name: 'card_data_local', priority: 10 }, () =>
      Decision.route(LOCAL_MODEL),
    );
    runtime.beforeCapability('chat_completion', { name: 'free_tier_mini' }, () => Decision.route(FREE_TIER_MODEL));
    const agent = runtime.govern(new ChatAgent());

    await expect(agent.chatCompletion('Card 4111 1111 1111 1111')).rejects.toThrow(/Conflicting routes/);
    expect(agent.client.requests).toHaveLength(0);
  });

  it('Brane checks the model and the provider each against its list; the pair is the capability body’s to check', async () => {
    const agent = agentRoutedTo({ provider: 'local' }); // allowed, but local does not serve gpt-4o
    const error = await rejection(agent.chatCompletion('Hello'));

    expect(error).not.toBeInstanceOf(CapabilityDeniedError);
    expect(error).toStrictEqual(new Error('Provider local does not serve gpt-4o'));
    expect(agent.client.requests).toHaveLength(0);
  });
});

describe('ChatAgent without routing policies', () => {
  it('uses the default model, with no route', async () => {
    const agent = new Runtime({ tenantId: 'tenant_hobby' }).govern(new ChatAgent());
    await expect(agent.chatCompletion('Hello')).resolves.toMatchObject({
      model: 'gpt-4o',
      provider: 'openai',
      route: undefined,
    });
  });

  it('is refused on an instance that no runtime governs', async () => {
    await expect(new ChatAgent().chatCompletion('Hello')).rejects.toThrow(/no Runtime governs/);
  });
});
