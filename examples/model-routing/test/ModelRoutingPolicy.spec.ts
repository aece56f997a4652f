import '@brane/sdk/jest';
import type { RouteTarget } from '@brane/sdk';
import { createPolicyContext } from '@brane/sdk/testing';
import { ChatAgent } from '../src/ChatAgent.js';
import { containsCardNumber } from '../src/containsCardNumber.js';
import { ModelRoutingPolicy } from '../src/ModelRoutingPolicy.js';
import { examplePlans } from '../src/TenantPlans.js';

const policy = new ModelRoutingPolicy(examplePlans);
const chat = ChatAgent.prototype.chatCompletion;
const local: RouteTarget = { provider: 'local', model: 'llama-3.1-8b' };
const mini: RouteTarget = { model: 'gpt-4o-mini' };
const plain = 'Summarize our refund policy.';
const card = 'Why was card 4111 1111 1111 1111 declined?';

describe('route_chat_model', () => {
  it.each([
    ['tenant_acme', plain, 'allow'],
    ['tenant_globex', plain, 'allow'],
    ['tenant_hobby', plain, mini],
    ['tenant_unknown', plain, mini], // unknown tenants are treated as free
    [undefined, plain, mini],
    ['tenant_acme', card, local],
    ['tenant_globex', card, local],
    ['tenant_hobby', card, local], // card data outranks the plan
    [undefined, card, local],
    ['tenant_acme', 'Order 123456789012 is late', 'allow'], // 12 digits: too short for a card
    ['tenant_hobby', 'Order 123456789012 is late', mini],
  ] as const)('%s asking %j: %j', (tenantId, prompt, expected) => {
    const identity = tenantId === undefined ? {} : { tenantId };
    const decision = policy.route(createPolicyContext(chat, [prompt], { environment: 'prod', ...identity }));
    if (expected === 'allow') {
      expect(decision).toAllow();
      return;
    }
    expect(decision).toHaveDecisionType('route');
    expect(decision.route).toStrictEqual(expected);
  });

  it('gives the reason for each route', () => {
    const ctx = (prompt: string, tenantId: string) =>
      createPolicyContext(chat, [prompt], { environment: 'prod', tenantId });
    expect(policy.route(ctx(card, 'tenant_acme')).reason).toBe(
      'The prompt holds a card number; it must not leave our network',
    );
    expect(policy.route(ctx(plain, 'tenant_hobby')).reason).toBe('Tenant tenant_hobby is on the free plan');
  });

  it.each([[undefined], [42], [['a', 'prompt']]])('denies a prompt that is not a string: %j', (prompt) => {
    expect(policy.route(createPolicyContext(chat, { prompt }, { tenantId: 'tenant_acme' }))).toDeny(
      'The prompt must be a string',
    );
  });
});

describe('containsCardNumber', () => {
  it.each([
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1111', true],
    ['4111111111111111', true],
    ['card: 378282246310005.', true], // 15 digits (Amex)
    ['4111111111111', true], // 13 digits
    ['4111 1111 1111 1111 111', true], // 19 digits
    ['123456789012', false], // 12 digits
    ['12345678901234567890', false], // 20 digits: a longer identifier, not a card
    ['4111  1111  1111  1111', false], // groups split by two spaces are separate numbers
    ['+1 (415) 555-0100', false],
    ['order 2024-06-01, ticket 88213', false],
    ['', false],
  ])('%j: %s', (text, expected) => {
    expect(containsCardNumber(text)).toBe(expected);
  });
});
