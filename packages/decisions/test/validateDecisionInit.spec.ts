import { BraneError } from '@brane/errors';
import { Decision, type DecisionInit, type DecisionType } from '@brane/decisions';
import { validateDecisionInit } from '../src/validateDecisionInit.js';

/** Builds a Decision from a value the types forbid, as a JavaScript caller could. */
function decisionFrom(init: unknown): Decision {
  return new Decision(init as DecisionInit);
}

function thrown(fn: () => unknown): BraneError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BraneError) return error;
    throw new Error(`expected a BraneError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a BraneError, nothing was thrown');
}

const APPROVAL = { approverGroup: 'ops', reason: 'check' };

describe('validateDecisionInit', () => {
  describe('the payload a type needs', () => {
    it.each<[DecisionType, Record<string, unknown>, string]>([
      ['approval_required', {}, '`approval` (use Decision.requireApproval)'],
      ['redact', {}, '`mutations.redact` (use Decision.redact)'],
      ['transform_input', {}, '`mutations.input` (use Decision.transformInput)'],
      ['transform_output', {}, '`mutations.output` (use Decision.transformOutput)'],
      ['route', {}, '`route` (use Decision.route)'],
      ['sandbox', {}, '`sandbox` (use Decision.sandbox)'],
      ['log_only', {}, '`reason` (use Decision.logOnly)'],
      ['log_only', { reason: '   ' }, '`reason` (use Decision.logOnly)'],
    ])('a %s without it (%p) is refused', (type, fields, needs) => {
      const error = thrown(() => decisionFrom({ type, ...fields }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: a \`${type}\` decision needs ${needs}`);
    });

    it.each<[DecisionType, Record<string, unknown>, string]>([
      ['redact', { mutations: { output: { replace: 1 } } }, 'output'],
      ['transform_input', { mutations: { redact: ['a'] } }, 'redact'],
      ['transform_input', { mutations: { input: { patch: {} }, output: { replace: 1 } } }, 'output'],
      ['transform_output', { mutations: { output: { replace: 1 }, input: { patch: {} } } }, 'input'],
    ])("a %s carrying another type's mutation (%p) is refused", (type, fields, field) => {
      const error = thrown(() => decisionFrom({ type, ...fields }));

      expect(error.message).toBe(`new Decision: \`mutations.${field}\` does not belong to a \`${type}\` decision`);
    });

    it.each<DecisionType>(['allow', 'deny'])('%s needs no payload', (type) => {
      expect(new Decision({ type }).type).toBe(type);
    });

    it('takes the reason of an approval request when the decision has none', () => {
      expect(new Decision({ type: 'approval_required', approval: APPROVAL }).reason).toBe('check');
    });

    it('gives an approval request without a reason the reason of the decision', () => {
      const decision = decisionFrom({ type: 'approval_required', reason: 'outer', approval: { approverGroup: 'ops' } });

      expect(decision.approval?.reason).toBe('outer');
    });

    it('keeps both reasons when each is set', () => {
      const decision = new Decision({ type: 'approval_required', reason: 'outer', approval: APPROVAL });

      expect(decision.reason).toBe('outer');
      expect(decision.approval?.reason).toBe('check');
    });
  });

  describe('payloads belong to their type', () => {
    it.each<[DecisionType, string, unknown, string]>([
      ['deny', 'approval', APPROVAL, 'approval_required'],
      ['allow', 'approval', APPROVAL, 'approval_required'],
      ['redact', 'approval', APPROVAL, 'approval_required'],
      ['allow', 'mutations', { redact: ['ssn'] }, 'redact, transform_input, transform_output'],
      ['approval_required', 'mutations', { input: { patch: {} } }, 'redact, transform_input, transform_output'],
      ['log_only', 'route', { capability: 'x' }, 'route'],
      ['sandbox', 'route', { capability: 'x' }, 'route'],
      ['route', 'sandbox', { timeoutMs: 5 }, 'sandbox'],
      ['deny', 'sandbox', { timeoutMs: 5 }, 'sandbox'],
    ])('a %s may not carry `%s`', (type, field, value, owners) => {
      const error = thrown(() => decisionFrom({ type, reason: 'r', [field]: value }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: \`${field}\` belongs to ${owners} decisions, not \`${type}\``);
    });

    it('checks ownership before the shape of the payload', () => {
      const error = thrown(() => decisionFrom({ type: 'deny', reason: 'no', approval: 'garbage' }));

      expect(error.message).toBe('new Decision: `approval` belongs to approval_required decisions, not `deny`');
    });

    it('treats a payload set to undefined as absent', () => {
      const decision = new Decision({ type: 'deny', reason: 'no', approval: undefined, route: undefined });

      expect(decision.approval).toBeUndefined();
      expect(decision.route).toBeUndefined();
    });

    it('lets a composed decision (one with effects) carry every payload', () => {
      const effects = [Decision.logOnly('watch')];
      const decision = new Decision({
        type: 'approval_required',
        approval: APPROVAL,
        route: { capability: 'x' },
        sandbox: { timeoutMs: 5 },
        effects,
      });

      expect(decision.route).toStrictEqual({ capability: 'x' });
      expect(decision.sandbox).toStrictEqual({ timeoutMs: 5 });
      expect(decision.effects).toStrictEqual(effects);
    });

    it('refuses mutations on a composed decision: each effect carries its own', () => {
      const error = thrown(() =>
        decisionFrom({ type: 'redact', mutations: { redact: ['ssn'] }, effects: [Decision.redact(['a'])] }),
      );

      expect(error.message).toBe(
        'new Decision: `mutations.redact` does not belong to a `redact` decision composed of effects (each effect carries its own)',
      );
    });

    it('refuses an empty list of effects, which would skip the checks of a single decision', () => {
      const error = thrown(() =>
        decisionFrom({ type: 'log_only', reason: 'r', mutations: { input: { patch: {} } }, effects: [] }),
      );

      expect(error.message).toBe('new Decision: `effects` must be a non-empty list of Decisions (got an array of 0)');
    });

    it.each<DecisionType>(['redact', 'transform_input', 'transform_output'])(
      'lets a composed %s leave its mutations on its effects',
      (type) => {
        const effects = [Decision.redact(['a']), Decision.transformInput({ patch: { b: 1 } })];

        expect(new Decision({ type, effects }).mutations).toBeUndefined();
      },
    );

    it('copies the effects list and freezes it', () => {
      const effects = [Decision.logOnly('a'), Decision.logOnly('b')];
      const decision = new Decision({ type: 'log_only', reason: 'r', effects });
      effects.pop();

      expect(decision.effects).toHaveLength(2);
      expect(Object.isFrozen(decision.effects)).toBe(true);
    });

    it.each<[string, unknown, string]>([
      ['a single decision', Decision.allow(), 'an instance of `Decision`'],
      ['a list with a look-alike', [Decision.allow(), { type: 'allow' }], 'an array of 2'],
      ['a string', 'allow', '`"allow"`'],
      ['null', null, '`null`'],
    ])('refuses %s as effects', (_label, effects, got) => {
      const error = thrown(() => decisionFrom({ type: 'deny', reason: 'no', effects }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: \`effects\` must be a non-empty list of Decisions (got ${got})`);
    });

    it('asks its caller what a Decision is', () => {
      const isDecision = jest.fn(() => true);
      const valid = validateDecisionInit({ type: 'deny', reason: 'no', effects: [{ fake: true }] }, isDecision);

      expect(isDecision).toHaveBeenCalled();
      expect(valid.effects).toStrictEqual([{ fake: true }]);
    });
  });

  describe('copying and freezing payloads', () => {
    it('deep-copies and deep-freezes an approval context', () => {
      const context = { customer: { id: 'c1', tags: ['vip'] } };
      const decision = Decision.requireApproval({ ...APPROVAL, context });
      context.customer.id = 'c2';
      context.customer.tags.push('changed');

      expect(decision.approval?.context).toStrictEqual({ customer: { id: 'c1', tags: ['vip'] } });
      const copied = decision.approval?.context['customer'] as { tags: string[] };
      expect(Object.isFrozen(copied)).toBe(true);
      expect(Object.isFrozen(copied.tags)).toBe(true);
      expect(() => copied.tags.push('x')).toThrow(TypeError);
    });

    it('deep-copies and deep-freezes transforms', () => {
      const patch = { filter: { status: ['open'] } };
      const replace = { rows: [{ id: 1 }] };
      const input = Decision.transformInput({ patch });
      const output = Decision.transformOutput({ replace });
      patch.filter.status.push('closed');
      replace.rows[0]!.id = 2;

      expect(input.mutations?.input).toStrictEqual({ patch: { filter: { status: ['open'] } } });
      expect(output.mutations?.output).toStrictEqual({ replace: { rows: [{ id: 1 }] } });
      expect(Object.isFrozen(input.mutations?.input?.patch?.['filter'])).toBe(true);
      expect(Object.isFrozen((output.mutations?.output?.replace as typeof replace).rows[0])).toBe(true);
    });

    it('copies redactions and routes', () => {
      const fields: string[] = ['ssn'];
      const target: { capability: string } = { capability: 'refund_v2' };
      const redact = Decision.redact(fields);
      const route = Decision.route(target);
      fields.push('email');
      target.capability = 'refund_v3';

      expect(redact.mutations?.redact?.map((entry) => entry.path)).toStrictEqual(['ssn']);
      expect(route.route).toStrictEqual({ capability: 'refund_v2' });
      expect(Object.isFrozen(redact.mutations?.redact)).toBe(true);
      expect(Object.isFrozen(redact.mutations)).toBe(true);
      expect(Object.isFrozen(route.route)).toBe(true);
    });

    it.each<[string, () => unknown, string, string]>([
      [
        'a function in an approval context',
        () => Decision.requireApproval({ ...APPROVAL, context: { notify: () => undefined } }),
        'decision.approval.context.notify',
        'a function `notify`',
      ],
      [
        'a class instance in a patch',
        () => Decision.transformInput({ patch: { client: new (class Client {})() } }),
        'decision.mutations.input.patch.client',
        'an instance of `Client`',
      ],
      [
        'a symbol deep in a replacement',
        () => Decision.transformOutput({ replace: { rows: [{}, { tag: Symbol('t') }] } }),
        'decision.mutations.output.replace.rows[1].tag',
        '`Symbol(t)`',
      ],
    ])('refuses %s, naming its path', (_label, build, path, got) => {
      const error = thrown(build);

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(
        `\`${path}\` is ${got}, which cannot be copied: use plain data (objects, arrays, strings, numbers, dates)`,
      );
      expect(error.details).toStrictEqual({ path });
    });

    // Known bug: the class doc says "Every payload is deeply copied and frozen", but `metadata` and `audit`
    // are only copied one level deep (checkPayload in src/validateDecisionInit.ts), so a nested object stays
    // shared with the policy and mutable, and a function in it is accepted.
    it.each(['metadata', 'audit'] as const)('deep-copies and deep-freezes %s like the other payloads', (field) => {
      const payload = { nested: { limit: 100 } };
      const decision = new Decision({ type: 'deny', reason: 'no', [field]: payload });
      payload.nested.limit = 1_000_000;

      expect(decision[field]).toStrictEqual({ nested: { limit: 100 } });
      expect(Object.isFrozen(decision[field]?.['nested'])).toBe(true);
    });
  });
});

describe('reasons are bounded (security review, finding 10)', () => {
  const huge = `No customer ${'x'.repeat(5_000_000)}`;

  it.each([
    ['Decision.deny', () => Decision.deny(huge).reason],
    ['Decision.logOnly', () => Decision.logOnly(huge).reason],
    ['new Decision', () => new Decision({ type: 'deny', reason: huge }).reason],
    ['an approval request', () => Decision.requireApproval({ approverGroup: 'ops', reason: huge }).approval?.reason],
    ['an approval request’s decision', () => Decision.requireApproval({ approverGroup: 'ops', reason: huge }).reason],
  ])('%s keeps the first 2,000 characters and says how many were cut', (_label, read) => {
    expect(read()).toBe(`${huge.slice(0, 2000)} … [cut 4,998,012 characters]`);
  });

  it('keeps a reason of 2,000 characters whole', () => {
    const reason = 'r'.repeat(2000);

    expect(Decision.deny(reason).reason).toBe(reason);
  });
});
