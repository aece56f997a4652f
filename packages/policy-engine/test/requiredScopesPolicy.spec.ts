import { Decision } from '@brane/decisions';
import { requiredScopesPolicy } from '@brane/policy-engine';
import { makeCapability, makeContext } from './fixtures';

function check(granted: readonly string[], required: readonly string[]): Decision {
  const result = requiredScopesPolicy.evaluate(
    makeContext({ scopes: granted, capability: makeCapability({ name: 'refund_customer', scopes: required }) }),
  );
  if (!(result instanceof Decision)) throw new Error('expected a synchronous Decision');
  return result;
}

describe('requiredScopesPolicy', () => {
  it('is a frozen built-in policy for every capability, before it runs', () => {
    expect(requiredScopesPolicy).toMatchObject({
      name: 'brane.required_scopes',
      version: '1.0',
      description: 'Denies when the agent lacks a required scope',
      priority: 0,
      enabled: true,
      stage: 'before',
      targets: ['*'],
      declaredAt: 'requiredScopesPolicy',
    });
    expect(Object.isFrozen(requiredScopesPolicy)).toBe(true);
  });

  it.each<[readonly string[], readonly string[]]>([
    [[], []],
    [['refunds:create'], ['refunds:create']],
    [['refunds:*'], ['refunds:create', 'refunds:void']],
    [['*'], ['admin:delete']],
    [
      ['billing:read', 'refunds:create'],
      ['refunds:create', 'billing:read'],
    ],
  ])('allows when granted %p covers required %p', (granted, required) => {
    const decision = check(granted, required);

    expect(decision.allowed).toBe(true);
  });

  it.each<[readonly string[], readonly string[], string, readonly string[]]>([
    [
      [],
      ['refunds:create'],
      'Agent lacks the scope `refunds:create` required by `refund_customer`',
      ['refunds:create'],
    ],
    [
      ['refunds:create'],
      ['refunds:create', 'billing:write', 'email:send'],
      'Agent lacks the scopes `billing:write`, `email:send` required by `refund_customer`',
      ['billing:write', 'email:send'],
    ],
    [
      ['refundsx:*'],
      ['refunds:create'],
      'Agent lacks the scope `refunds:create` required by `refund_customer`',
      ['refunds:create'],
    ],
  ])('denies when granted %p lacks some of %p', (granted, required, reason, missing) => {
    const decision = check(granted, required);

    expect(decision.denied).toBe(true);
    expect(decision.reason).toBe(reason);
    expect(decision.metadata).toStrictEqual({ missingScopes: missing });
  });
});
