import {
  ENVIRONMENTS,
  PolicyContext,
  RISK_LEVELS,
  type Effect,
  type Environment,
  type PolicyContextInit,
  type RiskLevel,
} from '@brane/policy-engine';
import { makeAction, makeCapability, makeContext, thrownBy } from './fixtures';

function contextFrom(init: unknown): PolicyContext {
  return new PolicyContext(init as PolicyContextInit);
}

describe('PolicyContext', () => {
  describe('members', () => {
    it('exposes the action, its capability and the identity it runs under', () => {
      const action = makeAction({
        agentId: 'support-agent',
        principalId: 'user_42',
        tenantId: 'tenant_acme',
        environment: 'staging',
      });
      const ctx = new PolicyContext({ action });

      expect(ctx.action).toBe(action);
      expect(ctx.capability).toBe(action.capability);
      expect(ctx.agentId).toBe('support-agent');
      expect(ctx.principalId).toBe('user_42');
      expect(ctx.tenantId).toBe('tenant_acme');
      expect(ctx.environment).toBe('staging');
    });

    it('leaves identity fields undefined when the action has none', () => {
      const ctx = makeContext({ agentId: undefined, principalId: undefined, tenantId: undefined });

      expect(ctx.agentId).toBeUndefined();
      expect(ctx.principalId).toBeUndefined();
      expect(ctx.tenantId).toBeUndefined();
    });

    it('defaults the stage to before', () => {
      expect(makeContext().stage).toBe('before');
      expect(makeContext({}, { stage: 'after' }).stage).toBe('after');
    });

    it('defaults metadata to an empty frozen object, or keeps the runtime metadata it is given', () => {
      const defaulted = makeContext();
      const metadata = { region: 'eu' };

      expect(defaulted.metadata).toStrictEqual({});
      expect(Object.isFrozen(defaulted.metadata)).toBe(true);
      expect(makeContext({}, { metadata }).metadata).toBe(metadata);
    });
  });

  describe('args', () => {
    it('defaults to the action input', () => {
      const action = makeAction();

      expect(new PolicyContext({ action }).args).toBe(action.input);
    });

    it('uses the args it is given over the action input', () => {
      const args = { customerId: 'cust_9', amountUsd: 500 };
      const ctx = makeContext({}, { args });

      expect(ctx.args).toBe(args);
      expect(ctx.arg('amountUsd')).toBe(500);
    });
  });

  describe('arg', () => {
    const ctx = makeContext({ input: { customerId: 'cust_123', amountUsd: 0, reason: undefined } });

    it('returns a passed argument by name', () => {
      expect(ctx.arg('customerId')).toBe('cust_123');
      expect(ctx.arg<number>('amountUsd', 99)).toBe(0);
    });

    it('returns the fallback when a declared argument is undefined or was not passed', () => {
      expect(ctx.arg('reason', 'none given')).toBe('none given');
      expect(ctx.arg('reason')).toBeUndefined();
      expect(makeContext({ input: {} }).arg('amountUsd', 10)).toBe(10);
    });

    it.each<[string, unknown]>([
      ['null', null],
      ['false', false],
      ['the empty string', ''],
      ['NaN', NaN],
    ])('returns %s as passed, not the fallback', (_label, value) => {
      expect(makeContext({ input: { reason: value } }).arg('reason', 'fallback')).toBe(value);
    });

    it('throws UNKNOWN_ARGUMENT for a name the capability does not declare, listing its arguments', () => {
      const error = thrownBy(() => ctx.arg('amount_usd', 0));

      expect(error.code).toBe('UNKNOWN_ARGUMENT');
      expect(error.message).toBe(
        'Capability `refund_customer` has no argument `amount_usd` (its arguments: customerId, amountUsd, reason). ' +
          'Use ctx.hasArg() in a policy that targets several capabilities.',
      );
      expect(error.details).toStrictEqual({
        capability: 'refund_customer',
        argument: 'amount_usd',
        params: ['customerId', 'amountUsd', 'reason'],
      });
    });

    it('throws UNKNOWN_ARGUMENT even when the undeclared name was passed', () => {
      const error = thrownBy(() => makeContext({ input: { extra: 1 } }).arg('extra'));

      expect(error.code).toBe('UNKNOWN_ARGUMENT');
      expect(error.message).toContain('no argument `extra`');
    });

    it('says "none" when the capability declares no arguments', () => {
      const error = thrownBy(() => makeContext({ capability: makeCapability({ name: 'ping', params: [] }) }).arg('x'));

      expect(error.code).toBe('UNKNOWN_ARGUMENT');
      expect(error.message).toContain('Capability `ping` has no argument `x` (its arguments: none)');
    });

    it('reads a declared argument by position from action.args when the context is given no args', () => {
      const positional = makeContext({
        args: ['cust_9', 500, undefined],
        input: { customerId: 'stale', amountUsd: 1 },
      });

      expect(positional.arg('customerId')).toBe('cust_9');
      expect(positional.arg<number>('amountUsd', 0)).toBe(500);
      expect(positional.arg('reason', 'none')).toBe('none');
    });

    it('prefers the args given to the context over action.args', () => {
      const ctx = makeContext({ args: ['cust_9', 500, ''] }, { args: { customerId: 'override', amountUsd: 7 } });

      expect(ctx.arg('customerId')).toBe('override');
      expect(ctx.arg('amountUsd')).toBe(7);
    });

    it('checks the name against params before reading action.args', () => {
      const error = thrownBy(() => makeContext({ args: ['cust_9', 500, ''] }).arg('amount'));

      expect(error.code).toBe('UNKNOWN_ARGUMENT');
      expect(error.message).toContain('no argument `amount`');
    });

    it('is lenient when the capability does not declare params (one object argument)', () => {
      const lenient = makeContext({
        capability: makeCapability({ params: undefined }),
        input: { query: 'select 1' },
      });

      expect(lenient.arg('query')).toBe('select 1');
      expect(lenient.arg('limit')).toBeUndefined();
      expect(lenient.arg('limit', 100)).toBe(100);
    });

    // Object.prototype return its members instead of the fallback (hasArg says they were not passed).
    it.each([['toString'], ['constructor'], ['hasOwnProperty']])(
      'returns the fallback for the inherited name %s in lenient mode',
      (name) => {
        const lenient = makeContext({ capability: makeCapability({ params: undefined }), input: { query: 'q' } });

        expect(lenient.hasArg(name)).toBe(false);
        expect(lenient.arg(name, 'fallback')).toBe('fallback');
      },
    );
  });

  describe('hasArg', () => {
    it('is true for every declared argument, passed or not, and false otherwise', () => {
      const ctx = makeContext({ input: { customerId: 'c' } });

      expect(ctx.hasArg('customerId')).toBe(true);
      expect(ctx.hasArg('amountUsd')).toBe(true);
      expect(ctx.hasArg('amount_usd')).toBe(false);
    });

    it('is true only for own passed keys when params are not declared', () => {
      const ctx = makeContext({
        capability: makeCapability({ params: undefined }),
        input: { query: 'q', limit: undefined },
      });

      expect(ctx.hasArg('query')).toBe(true);
      expect(ctx.hasArg('limit')).toBe(true);
      expect(ctx.hasArg('offset')).toBe(false);
      expect(ctx.hasArg('toString')).toBe(false);
    });
  });

  describe('output', () => {
    it('is undefined at the before stage, even when the action carries one', () => {
      expect(makeContext({ output: 'from action' }).output).toBeUndefined();
      expect(makeContext({ output: 'from action' }, { output: undefined }).output).toBeUndefined();
    });

    it.each<[string, unknown]>([
      ['a value', 'from init'],
      ['null', null],
      ['zero', 0],
    ])('rejects %s as output at the before stage with INVALID_ARGUMENT', (_label, output) => {
      const error = thrownBy(() => makeContext({}, { output }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(
        'new PolicyContext: `output` exists only at the `after` stage; a before-policy runs before the capability',
      );
    });

    it('is the init output at the after stage', () => {
      expect(makeContext({ output: 'from action' }, { stage: 'after', output: { id: 1 } }).output).toStrictEqual({
        id: 1,
      });
    });

    it('is the action output at the after stage when the init gives none', () => {
      expect(makeContext({ output: 'from action' }, { stage: 'after' }).output).toBe('from action');
    });

    it('keeps an explicit undefined init output at the after stage', () => {
      expect(makeContext({ output: 'from action' }, { stage: 'after', output: undefined }).output).toBeUndefined();
    });
  });

  describe('isProd', () => {
    it.each(ENVIRONMENTS.map((environment) => [environment, environment === 'prod']))(
      'is %p -> %p',
      (environment: Environment, expected) => {
        expect(makeContext({ environment }).isProd).toBe(expected);
      },
    );
  });

  describe('isHighRisk', () => {
    it.each(RISK_LEVELS.map((risk) => [risk, risk === 'high' || risk === 'critical']))(
      'risk %p -> %p',
      (risk: RiskLevel, expected) => {
        expect(makeContext({ capability: makeCapability({ risk }) }).isHighRisk).toBe(expected);
      },
    );
  });

  describe('hasSideEffects', () => {
    const effect = (type: Effect['type']): Effect => ({ type, reversible: true, external: false });

    it.each<[string, readonly string[], Effect | undefined, boolean]>([
      ['no side effects and no effect', [], undefined, false],
      ['a named side effect', ['sends_email'], undefined, true],
      ['effect none', [], effect('none'), false],
      ['effect read', [], effect('read'), false],
      ['effect write', [], effect('write'), true],
      ['effect delete', [], effect('delete'), true],
      ['effect financial', [], effect('financial'), true],
      ['effect communication', [], effect('communication'), true],
      ['effect execution', [], effect('execution'), true],
      ['a read effect plus a named side effect', ['audit_log'], effect('read'), true],
    ])('%s -> %p', (_label, sideEffects, capabilityEffect, expected) => {
      const capability = makeCapability({ sideEffects, effect: capabilityEffect });

      expect(makeContext({ capability }).hasSideEffects).toBe(expected);
    });
  });

  describe('agentHasScope', () => {
    it.each<[readonly string[], string, boolean]>([
      [['refunds:create'], 'refunds:create', true],
      [['refunds:create'], 'refunds:read', false],
      [['refunds:*'], 'refunds:create', true],
      [['refunds:*'], 'refunds:create:partial', true],
      [['refunds:*'], 'refundsx:create', false],
      [['refunds:*'], 'billing:refunds', false],
      [['*'], 'anything:at:all', true],
      [[], 'refunds:create', false],
      [['billing:read', 'refunds:*'], 'refunds:void', true],
    ])('granted %p, asked %p -> %p', (scopes, scope, expected) => {
      expect(makeContext({ scopes }).agentHasScope(scope)).toBe(expected);
    });
  });

  describe('constructor validation', () => {
    it.each<[string, unknown, string]>([
      ['undefined', undefined, '`undefined`'],
      ['null', null, '`null`'],
      ['a string', 'ctx', '`"ctx"`'],
      ['an object without action', {}, 'a plain object'],
      ['a null action', { action: null }, 'a plain object'],
      ['a string action', { action: 'refund' }, 'a plain object'],
    ])('rejects %s with INVALID_ARGUMENT', (_label, init, got) => {
      const error = thrownBy(() => contextFrom(init));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new PolicyContext: expected \`{ action }\` (got ${got})`);
    });

    it.each<[string, unknown]>([
      ['a missing capability', undefined],
      ['a null capability', null],
      ['a capability name string instead of a capability', 'refund_customer'],
      ['a capability without a name', { type: 'tool' }],
      ['a capability whose name is not a string', { name: 42 }],
    ])('rejects %s with INVALID_ARGUMENT', (_label, capability) => {
      const error = thrownBy(() => contextFrom({ action: { ...makeAction(), capability } }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe('new PolicyContext: `action.capability` must be a capability with a `name`');
    });

    it.each<[unknown, string]>([
      ['during', '`"during"`'],
      ['BEFORE', '`"BEFORE"`'],
      ['', '`""`'],
      [42, '`42`'],
    ])('rejects the stage %p with INVALID_ARGUMENT', (stage, got) => {
      const error = thrownBy(() => contextFrom({ action: makeAction(), stage }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new PolicyContext: \`stage\` must be \`before\` or \`after\` (got ${got})`);
    });
  });
});
