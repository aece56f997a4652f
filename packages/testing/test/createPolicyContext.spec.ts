import { BeforeCapability, Capability, Runtime, capabilityOf } from '@brane/core';
import { Decision } from '@brane/decisions';
import { BraneError, type BraneErrorCode } from '@brane/errors';
import { PolicyContext, type PolicyStage } from '@brane/policy-engine';
import { createPolicyContext, type TestContextOptions } from '@brane/testing';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

class SupportAgent {
  @Capability({
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
  })
  async refundCustomer(customerId: string, amountUsd: number, reason = ''): Promise<string> {
    return `${customerId}:${amountUsd}:${reason}`;
  }

  @Capability({ name: 'search_orders', risk: 'low' })
  searchOrders({ query, limit }: { query: string; limit?: number }): string[] {
    return [query, String(limit)];
  }

  @Capability({ name: 'lookup_customer', params: ['id'] })
  lookupCustomer(...rest: unknown[]): unknown[] {
    return rest;
  }
}

class RefundPolicies {
  @BeforeCapability('refund_customer', { name: 'refund_prod_limit', version: '1.0' })
  prodLimit(ctx: PolicyContext): Decision {
    if (ctx.isProd && ctx.isHighRisk && ctx.arg<number>('amountUsd', 0) > 100) {
      return Decision.deny(`Refund of $${ctx.arg<number>('amountUsd', 0)} exceeds the prod limit`);
    }
    return Decision.allow();
  }
}

const refund = SupportAgent.prototype.refundCustomer;
const search = SupportAgent.prototype.searchOrders;

/** The error `fn` throws, so that a test can assert its class, code and message. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function expectBraneError(fn: () => unknown, code: BraneErrorCode, message: RegExp): void {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(BraneError);
  expect(error).toMatchObject({ code });
  expect((error as BraneError).message).toMatch(message);
}

describe('createPolicyContext', () => {
  describe('the capability', () => {
    it('is defined from a bare name, with the defaults of a capability', () => {
      const ctx = createPolicyContext('lookup', { id: 'c_1' });
      expect(ctx).toBeInstanceOf(PolicyContext);
      expect(ctx.capability).toMatchObject({ name: 'lookup', type: 'tool', risk: 'medium', params: undefined });
      expect(ctx.isHighRisk).toBe(false);
      expect(ctx.arg('id')).toBe('c_1');
    });

    it('is defined from capability options', () => {
      const ctx = createPolicyContext(
        { name: 'execute_sql', type: 'database', risk: 'critical', params: ['query'], owner: 'data-team' },
        ['SELECT 1'],
      );
      expect(ctx.capability).toMatchObject({
        name: 'execute_sql',
        type: 'database',
        risk: 'critical',
        owner: 'data-team',
      });
      expect(ctx.action.actionType).toBe('database_call');
      expect(ctx.isHighRisk).toBe(true);
      expect(ctx.args).toEqual({ query: 'SELECT 1' });
    });

    it('is taken from a @Capability method, with its declared metadata', () => {
      const ctx = createPolicyContext(refund, ['cust_1', 250]);
      expect(ctx.capability).toBe(capabilityOf(refund));
      expect(ctx.capability).toMatchObject({
        name: 'refund_customer',
        risk: 'high',
        effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
        dataNamespace: 'billing.refunds',
        owner: 'payments-team',
        params: ['customerId', 'amountUsd', 'reason'],
      });
      expect(ctx.isHighRisk).toBe(true);
      expect(ctx.hasSideEffects).toBe(true);
    });

    it('is taken from a capability definition', () => {
      const definition = capabilityOf(refund)!;
      expect(createPolicyContext(definition, { amountUsd: 5 }).capability).toBe(definition);
    });

    it('is taken from a governed function made by runtime.capability', () => {
      const runtime = new Runtime();
      const sendEmail = runtime.capability(
        { name: 'send_email', type: 'tool', risk: 'medium', sideEffects: ['sends_email'] },
        (to: string, subject: string, body = '') => `${to}:${subject}:${body}`,
      );
      const ctx = createPolicyContext(sendEmail, ['ada@example.com', 'Hello']);
      expect(ctx.capability).toBe(capabilityOf(sendEmail));
      expect(ctx.capability.params).toEqual(['to', 'subject', 'body']);
      expect(ctx.args).toEqual({ to: 'ada@example.com', subject: 'Hello', body: undefined });
      expect(ctx.arg('body', '(empty)')).toBe('(empty)');
    });
  });

  describe('arguments', () => {
    it('names positional arguments by the method parameter list', () => {
      const ctx = createPolicyContext(refund, ['cust_1', 250, 'Duplicate charge']);
      expect(ctx.args).toEqual({ customerId: 'cust_1', amountUsd: 250, reason: 'Duplicate charge' });
      expect(ctx.arg<number>('amountUsd', 0)).toBe(250);
    });

    it('leaves missing trailing positional arguments undefined, so that ctx.arg falls back', () => {
      const ctx = createPolicyContext(refund, ['cust_1']);
      expect(ctx.args).toEqual({ customerId: 'cust_1', amountUsd: undefined, reason: undefined });
      expect(ctx.arg('amountUsd', 0)).toBe(0);
    });

    it('names positional arguments by the `params` option', () => {
      const ctx = createPolicyContext(SupportAgent.prototype.lookupCustomer, ['cust_9']);
      expect(ctx.args).toEqual({ id: 'cust_9' });
    });

    it('takes named arguments as given, and copies them', () => {
      const input = { customerId: 'cust_1', amountUsd: 75 };
      const ctx = createPolicyContext(refund, input);
      input.amountUsd = 9_999;
      expect(ctx.args).toEqual({ customerId: 'cust_1', amountUsd: 75 });
      expect(Object.isFrozen(ctx.args)).toBe(true);
    });

    it('defaults to no arguments', () => {
      expect(createPolicyContext('lookup').args).toEqual({});
      expect(createPolicyContext(refund).arg('amountUsd', 0)).toBe(0);
    });

    it('names the single object argument of a capability with a destructured parameter by its keys', () => {
      const ctx = createPolicyContext(search, [{ query: 'late delivery', limit: 5 }]);
      expect(ctx.capability.params).toBeUndefined();
      expect(ctx.args).toEqual({ query: 'late delivery', limit: 5 });
      expect(createPolicyContext(search, { query: 'refund' }).arg('query')).toBe('refund');
    });

    it('accepts a single object argument for a capability known only by name', () => {
      expect(createPolicyContext('lookup', [{ id: 'c_2' }]).args).toEqual({ id: 'c_2' });
    });

    it('uses the real argument names, so that a typo in a policy fails closed', () => {
      const ctx = createPolicyContext(refund, ['cust_1', 250]);
      expectBraneError(
        () => ctx.arg('amount_usd'),
        'UNKNOWN_ARGUMENT',
        /Capability `refund_customer` has no argument `amount_usd` \(its arguments: customerId, amountUsd, reason\)/,
      );
    });
  });

  describe('identity', () => {
    it('defaults to no agent, principal, tenant or scopes, in the dev environment', () => {
      const ctx = createPolicyContext('lookup');
      expect(ctx.agentId).toBeUndefined();
      expect(ctx.principalId).toBeUndefined();
      expect(ctx.tenantId).toBeUndefined();
      expect(ctx.environment).toBe('dev');
      expect(ctx.isProd).toBe(false);
      expect(ctx.action.scopes).toEqual([]);
      expect(ctx.agentHasScope('refunds:create')).toBe(false);
      expect(ctx.action.parentActionId).toBeUndefined();
    });

    it('gives the action a ULID id, a new trace and a timestamp', () => {
      const before = Date.now();
      const { action } = createPolicyContext('lookup');
      expect(action.actionId).toMatch(ULID);
      expect(action.traceId).toMatch(ULID);
      expect(Date.parse(action.timestamp)).toBeGreaterThanOrEqual(before);
      expect(createPolicyContext('lookup').action.actionId).not.toBe(action.actionId);
    });

    it('takes every identity field', () => {
      const ctx = createPolicyContext(refund, ['cust_1', 50], {
        agentId: 'support-agent',
        principalId: 'user_42',
        tenantId: 'tenant_acme',
        environment: 'prod',
        scopes: ['refunds:*', 'tickets:read'],
        traceId: 'trace_1',
      });
      expect(ctx).toMatchObject({
        agentId: 'support-agent',
        principalId: 'user_42',
        tenantId: 'tenant_acme',
        environment: 'prod',
        isProd: true,
      });
      expect(ctx.action.traceId).toBe('trace_1');
      expect(ctx.agentHasScope('refunds:create')).toBe(true);
      expect(ctx.agentHasScope('tickets:write')).toBe(false);
    });

    it.each([
      ['dev', false],
      ['test', false],
      ['staging', false],
      ['prod', true],
    ] as const)('in %s, isProd is %s', (environment, isProd) => {
      expect(createPolicyContext('lookup', {}, { environment }).isProd).toBe(isProd);
    });
  });

  describe('stage, output and metadata', () => {
    it('is at the before stage by default, without output', () => {
      const ctx = createPolicyContext(refund, ['cust_1', 10]);
      expect(ctx.stage).toBe('before');
      expect(ctx.output).toBeUndefined();
    });

    it('carries the output at the after stage', () => {
      const output = { refunded: true, amount: 10 };
      const ctx = createPolicyContext(refund, ['cust_1', 10], { stage: 'after', output });
      expect(ctx.stage).toBe('after');
      expect(ctx.output).toBe(output);
      expect(ctx.action.output).toBe(output);
    });

    it('has an undefined output at the after stage when none is given', () => {
      expect(createPolicyContext('lookup', {}, { stage: 'after' }).output).toBeUndefined();
    });

    it('refuses an output at the before stage, where the runtime never has one', () => {
      expectBraneError(
        () => createPolicyContext('lookup', {}, { stage: 'before', output: 'too early' }),
        'INVALID_OPTIONS',
        /^createPolicyContext: `output` exists only at the `after` stage/,
      );
    });

    it('carries runtime metadata as ctx.metadata, empty by default', () => {
      expect(createPolicyContext('lookup', {}, { metadata: { region: 'eu' } }).metadata).toEqual({ region: 'eu' });
      expect(createPolicyContext('lookup').metadata).toEqual({});
    });
  });

  it('builds contexts that a policy method can be called with directly', () => {
    const policies = new RefundPolicies();
    const prod = { environment: 'prod', tenantId: 'tenant_acme' } as const;
    expect(policies.prodLimit(createPolicyContext(refund, ['cust_1', 100], prod)).allowed).toBe(true);
    expect(policies.prodLimit(createPolicyContext(refund, ['cust_1', 101], prod)).reason).toBe(
      'Refund of $101 exceeds the prod limit',
    );
    expect(policies.prodLimit(createPolicyContext(refund, ['cust_1', 101])).allowed).toBe(true);
  });

  describe('bad input throws a BraneError that says what is wrong', () => {
    function plainFunction(): void {}

    it.each<[string, () => unknown, BraneErrorCode, RegExp]>([
      [
        'a function that is not a capability',
        () => createPolicyContext(plainFunction),
        'INVALID_ARGUMENT',
        /^createPolicyContext: a function `plainFunction` is not a @Capability method or a governed function$/,
      ],
      [
        'an anonymous function that is not a capability',
        () => createPolicyContext(() => Decision.allow()),
        'INVALID_ARGUMENT',
        /^createPolicyContext: a function is not a @Capability method or a governed function$/,
      ],
      [
        'too many positional arguments',
        () => createPolicyContext(refund, ['cust_1', 10, 'why', 'extra']),
        'INVALID_ARGUMENT',
        /^createPolicyContext: `refund_customer` takes 3 argument\(s\) \(customerId, amountUsd, reason\), got 4$/,
      ],
      [
        'positional arguments for a capability known only by name',
        () => createPolicyContext('refund_customer', ['cust_1', 10]),
        'INVALID_ARGUMENT',
        /`refund_customer` declares no argument names, so positional arguments cannot be named; pass a record/,
      ],
      [
        'a positional non-object for a capability with one destructured parameter',
        () => createPolicyContext(search, ['late delivery']),
        'INVALID_ARGUMENT',
        /`search_orders` declares no argument names, so positional arguments cannot be named/,
      ],
      [
        'an unknown environment',
        () => createPolicyContext('lookup', {}, { environment: 'production' as never }),
        'INVALID_OPTIONS',
        /`environment` expected one of "dev"\|"test"\|"staging"\|"prod"/,
      ],
      [
        'a malformed scope',
        () => createPolicyContext('lookup', {}, { scopes: ['refunds create'] }),
        'INVALID_OPTIONS',
        /`scopes\.0` must be a scope such as `refunds:create` or `refunds:\*`/,
      ],
      [
        'a tenant id with spaces',
        () => createPolicyContext('lookup', {}, { tenantId: 'tenant acme' }),
        'INVALID_OPTIONS',
        /`tenantId` must not contain spaces/,
      ],
      ['an empty agent id', () => createPolicyContext('lookup', {}, { agentId: '' }), 'INVALID_OPTIONS', /`agentId`/],
      [
        'an unknown option key',
        () => createPolicyContext('lookup', {}, { tenant: 'tenant_acme' } as TestContextOptions),
        'INVALID_OPTIONS',
        /unknown option `tenant`/,
      ],
      [
        'invalid capability options',
        () => createPolicyContext({ name: 'lookup', risk: 'severe' as never }),
        'INVALID_OPTIONS',
        /^createPolicyContext: `risk` expected one of "none"\|"low"\|"medium"\|"high"\|"critical" \(got `"severe"`\)$/,
      ],
      [
        'an unknown capability option',
        () => createPolicyContext({ name: 'lookup', riskLevel: 'high' } as never),
        'INVALID_OPTIONS',
        /^createPolicyContext: unknown option `riskLevel`$/,
      ],
      [
        'a capability name with spaces',
        () => createPolicyContext('refund customer'),
        'INVALID_OPTIONS',
        /^createPolicyContext: `name` must be non-empty, without spaces or `\*` \(got `"refund customer"`\)$/,
      ],
    ])('%s', (_label, fn, code, message) => {
      expectBraneError(fn, code, message);
    });
  });

  // Regression tests for problems found while writing this suite.
  describe('bad input that was once accepted', () => {
    const capabilityRefs = ['capability', 'input'] as const;

    it('names createPolicyContext, not `new AgentAction`, in identity errors', () => {
      expectBraneError(
        () => createPolicyContext('lookup', {}, { environment: 'production' as never }),
        'INVALID_OPTIONS',
        /^createPolicyContext: /,
      );
    });

    it.each(capabilityRefs)('rejects the option key `%s` instead of silently ignoring it', (key) => {
      expectBraneError(
        () => createPolicyContext('lookup', { id: 1 }, { [key]: { id: 2 } }),
        'INVALID_OPTIONS',
        new RegExp(`unknown option \`${key}\``),
      );
    });

    it('rejects an unknown stage', () => {
      expectBraneError(
        () => createPolicyContext('lookup', {}, { stage: 'during' as PolicyStage }),
        'INVALID_OPTIONS',
        /`stage`/,
      );
    });

    it.each([
      ['null', null],
      ['a string', 'cust_1'],
      ['a number', 42],
    ])('rejects %s as the arguments', (_label, args) => {
      expectBraneError(() => createPolicyContext('lookup', args as never), 'INVALID_ARGUMENT', /arguments/);
    });

    it('rejects metadata that is not an object', () => {
      expectBraneError(
        () => createPolicyContext('lookup', {}, { metadata: 5 as never }),
        'INVALID_OPTIONS',
        /`metadata`/,
      );
    });

    it('rejects a named argument that the capability does not declare (a typo in the test)', () => {
      expectBraneError(
        () => createPolicyContext(refund, { customerId: 'cust_1', amountUSD: 250 }),
        'INVALID_ARGUMENT',
        /amountUSD/,
      );
    });

    it('accepts the method of a governed instance (`agent.refundCustomer`)', () => {
      const agent = new Runtime().govern(new SupportAgent());
      expect(createPolicyContext(agent.refundCustomer, ['cust_1', 5]).capability).toBe(capabilityOf(refund));
    });

    it('says what it expects when the capability is neither a name, options nor a function', () => {
      expectBraneError(() => createPolicyContext(42 as never), 'INVALID_ARGUMENT', /capability/);
    });
  });
});

describe('createPolicyContext with an approval', () => {
  it('shows the approval to the policy as ctx.approval', () => {
    const approval = {
      approvalId: '01J00000000000000000000000',
      approvedBy: 'maria',
      approvedAt: '2026-01-01T00:00:00.000Z',
      approver: { id: 'maria', authenticated: true, authenticatedBy: 'session', groups: ['finance-ops'] },
      comment: undefined,
      requestedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T01:00:00.000Z',
      approverGroups: ['finance-ops'],
      requestedBy: [{ name: 'refund_limit', version: '1' }],
      changedPolicies: [],
    };
    const ctx = createPolicyContext({ name: 'refund', params: ['amountUsd'] }, [250], { approval });

    expect(ctx.approval).toBe(approval);
    expect(createPolicyContext({ name: 'refund', params: ['amountUsd'] }, [250]).approval).toBeUndefined();
  });

  it('refuses an approval that is not an approval view', () => {
    expect(() => createPolicyContext({ name: 'refund' }, {}, { approval: { by: 'x' } as never })).toThrow(/approval/);
  });
});
