import { CapabilityDeniedError, Decision, Runtime, type ActionRoute } from '@brane/sdk';
import { ChatAgent } from './ChatAgent.js';
import { ModelRoutingPolicy } from './ModelRoutingPolicy.js';
import { examplePlans } from './TenantPlans.js';

const runtime = new Runtime({ agentId: 'chat-agent', environment: 'prod', tenantId: 'tenant_acme' });
runtime.use(new ModelRoutingPolicy(examplePlans));
const agent = runtime.govern(new ChatAgent());

/** `openai/gpt-4o -> openai/gpt-4o-mini`: what the route changed, the rest as it was. */
function describeRoute({ from, to }: ActionRoute): string {
  const target = `${to.provider ?? from.provider ?? '?'}/${to.model ?? from.model ?? '?'}`;
  return `${from.provider ?? '?'}/${from.model ?? '?'} -> ${target}`;
}

async function ask(tenantId: string, prompt: string): Promise<void> {
  const reply = await runtime.withContext({ tenantId }, () => agent.chatCompletion(prompt));
  console.log(`\n${tenantId}: ${JSON.stringify(prompt)}`);
  console.log(`  answered by ${reply.provider}/${reply.model}: ${reply.text}`);
  if (reply.route === undefined) console.log('  route: none (the default model)');
  else console.log(`  route: ${describeRoute(reply.route)}  ${JSON.stringify(reply.route)}`);
}

async function main(): Promise<void> {
  await ask('tenant_acme', 'Summarize our refund policy in two sentences.');
  await ask('tenant_hobby', 'Summarize our refund policy in two sentences.');
  await ask('tenant_acme', 'Why was card 4111 1111 1111 1111 declined yesterday?');
  await ask('tenant_hobby', 'My card 5555-5555-5555-4444 was charged twice.');

  // A canary policy routes to a model chat_completion does not list in routing.models.
  const canary = new Runtime({ agentId: 'chat-agent', environment: 'prod', tenantId: 'tenant_acme' });
  canary.beforeCapability('chat_completion', { name: 'gpt5_canary', version: '0.1' }, () =>
    Decision.route({ model: 'gpt-5-preview' }),
  );
  const canaryAgent = canary.govern(new ChatAgent());
  console.log('\ntenant_acme, under a canary policy routing to gpt-5-preview:');
  try {
    await canaryAgent.chatCompletion('Hello!');
    throw new Error('The canary route should have been denied');
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    console.log(`  BLOCKED by ${error.policyName ?? 'default'}: ${error.reason}`);
    console.log(`  requests that reached a model: ${canaryAgent.client.requests.length}`);
  }

  const answered = agent.client.requests.map((request) => `${request.provider}/${request.model}`);
  console.log(`\nModels that answered, in order: ${answered.join(', ')}`);
  const expected = 'openai/gpt-4o,openai/gpt-4o-mini,local/llama-3.1-8b,local/llama-3.1-8b';
  if (answered.join() !== expected || canaryAgent.client.requests.length !== 0) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
