import { BraneError } from '@brane/errors';
import { DECISION_TYPES, Decision, type DecisionInit, type DecisionType } from '@brane/decisions';
import { decodeTime, isValid } from 'ulid';

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

const TYPE_LIST = DECISION_TYPES.join(', ');

describe('Decision', () => {
  describe('constructor', () => {
    it('builds a decision from a type alone, with empty frozen metadata and no optional fields', () => {
      const decision = new Decision({ type: 'allow' });

      expect(decision.type).toBe('allow');
      expect(decision.reason).toBeUndefined();
      expect(decision.actionId).toBeUndefined();
      expect(decision.policyName).toBeUndefined();
      expect(decision.policyVersion).toBeUndefined();
      expect(decision.mutations).toBeUndefined();
      expect(decision.approval).toBeUndefined();
      expect(decision.audit).toBeUndefined();
      expect(decision.metadata).toStrictEqual({});
      expect(Object.isFrozen(decision.metadata)).toBe(true);
    });

    it('keeps every field it is given', () => {
      const decision = new Decision({
        type: 'deny',
        reason: 'High-risk tool blocked in prod',
        policyName: 'block_high_risk_prod',
        policyVersion: '1.2',
        actionId: 'act_1',
        metadata: { rule: 'prod-only' },
        mutations: { redact: ['ssn'] },
        approval: { approvers: ['ops'] },
        audit: { ticket: 'SEC-1' },
      });

      expect(decision).toMatchObject({
        type: 'deny',
        reason: 'High-risk tool blocked in prod',
        policyName: 'block_high_risk_prod',
        policyVersion: '1.2',
        actionId: 'act_1',
        metadata: { rule: 'prod-only' },
        mutations: { redact: ['ssn'] },
        approval: { approvers: ['ops'] },
        audit: { ticket: 'SEC-1' },
      });
    });

    it.each(DECISION_TYPES.map((type) => [type]))('accepts the type %s', (type: DecisionType) => {
      expect(new Decision({ type }).type).toBe(type);
    });

    it.each<[string, unknown, string]>([
      ['undefined', undefined, '`undefined`'],
      ['null', null, '`null`'],
      ['a string', 'allow', '`"allow"`'],
      ['a number', 1, '`1`'],
      ['a function', () => undefined, 'a function'],
    ])('rejects %s as init with INVALID_ARGUMENT', (_label, init, got) => {
      const error = thrown(() => decisionFrom(init));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: expected an object like \`{ type: 'allow' }\` (got ${got})`);
    });

    it.each<[string, unknown, string]>([
      ['a missing type', undefined, '`undefined`'],
      ['a misspelt type', 'alow', '`"alow"`'],
      ['a type in the wrong case', 'ALLOW', '`"ALLOW"`'],
      ['a Python-style name', 'requires_approval', '`"requires_approval"`'],
      ['a number', 0, '`0`'],
      ['a boolean', true, '`true`'],
      ['an object', { type: 'allow' }, 'a plain object'],
    ])('rejects %s as type, listing the nine types', (_label, type, got) => {
      const error = thrown(() => decisionFrom({ type }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: \`type\` must be one of ${TYPE_LIST} (got ${got})`);
      expect(error.details).toStrictEqual({ type });
    });

    it.each<[string, unknown, string]>([
      ['reason', 42, '`42`'],
      ['reason', null, '`null`'],
      ['policyName', { name: 'p' }, 'a plain object'],
      ['policyVersion', 1.2, '`1.2`'],
      ['actionId', ['act'], 'an array of 1'],
    ])('rejects a non-string `%s` (%p)', (field, value, got) => {
      const error = thrown(() => decisionFrom({ type: 'deny', [field]: value }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: \`${field}\` must be a string (got ${got})`);
    });

    it.each<[string, unknown, string]>([
      ['metadata', null, '`null`'],
      ['metadata', 'rule', '`"rule"`'],
      ['metadata', ['a'], 'an array of 1'],
      ['mutations', new Map(), 'an instance of `Map`'],
      ['approval', 7, '`7`'],
      ['audit', new Date(0), 'an instance of `Date`'],
    ])('rejects a `%s` that is not a plain object (%p)', (field, value, got) => {
      const error = thrown(() => decisionFrom({ type: 'allow', [field]: value }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: \`${field}\` must be a plain object (got ${got})`);
    });

    it('accepts null-prototype payloads', () => {
      const metadata = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });

      expect(new Decision({ type: 'allow', metadata }).metadata).toStrictEqual({ a: 1 });
    });
  });

  describe('payloads', () => {
    it.each(['metadata', 'mutations', 'approval', 'audit'] as const)(
      'copies and freezes %s, so mutating the input afterwards changes nothing',
      (field) => {
        const payload: Record<string, unknown> = { key: 'before' };
        const decision = new Decision({ type: 'allow', [field]: payload });
        payload['key'] = 'after';
        payload['added'] = true;

        expect(decision[field]).toStrictEqual({ key: 'before' });
        expect(decision[field]).not.toBe(payload);
        expect(Object.isFrozen(decision[field])).toBe(true);
        expect(() => {
          (decision[field] as Record<string, unknown>)['key'] = 'x';
        }).toThrow(TypeError);
      },
    );

    it('shares an already frozen payload instead of copying it', () => {
      const metadata = Object.freeze({ a: 1 });

      expect(new Decision({ type: 'allow', metadata }).metadata).toBe(metadata);
    });
  });

  describe('Decision.allow', () => {
    it('builds an allow', () => {
      const decision = Decision.allow();

      expect(decision).toBeInstanceOf(Decision);
      expect(decision.type).toBe('allow');
      expect(decision.reason).toBeUndefined();
    });

    it('takes the other fields, and its type wins over one smuggled in', () => {
      const init = { reason: 'fine', metadata: { k: 1 }, type: 'deny' } as unknown as DecisionInit;
      const decision = Decision.allow(init);

      expect(decision.type).toBe('allow');
      expect(decision.reason).toBe('fine');
      expect(decision.metadata).toStrictEqual({ k: 1 });
    });

    it('validates the fields like the constructor', () => {
      const error = thrown(() => Decision.allow({ reason: 5 } as unknown as DecisionInit));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe('new Decision: `reason` must be a string (got `5`)');
    });
  });

  describe('Decision.deny', () => {
    it('builds a deny with its reason', () => {
      const decision = Decision.deny('Only SELECT queries are allowed', { metadata: { query: 'delete' } });

      expect(decision.type).toBe('deny');
      expect(decision.reason).toBe('Only SELECT queries are allowed');
      expect(decision.metadata).toStrictEqual({ query: 'delete' });
    });

    it('stays a deny even if the init smuggles in another type or reason', () => {
      const init = { type: 'allow', reason: 'other' } as unknown as DecisionInit;
      const decision = Decision.deny('no', init);

      expect(decision.type).toBe('deny');
      expect(decision.reason).toBe('no');
    });

    it.each<[string, unknown, string]>([
      ['the empty string', '', '`""`'],
      ['whitespace only', ' \t\n ', '`" \\t\\n "`'],
      ['undefined', undefined, '`undefined`'],
      ['null', null, '`null`'],
      ['a number', 42, '`42`'],
      ['an Error', new Error('no'), 'an instance of `Error`'],
    ])('throws INVALID_ARGUMENT for %s as reason', (_label, reason, got) => {
      const error = thrown(() => Decision.deny(reason as string));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`Decision.deny: \`reason\` must be a non-empty string (got ${got})`);
    });
  });

  describe('computed properties', () => {
    it.each<[DecisionType, boolean, boolean, boolean]>([
      ['allow', true, false, false],
      ['deny', false, true, false],
      ['approval_required', false, false, true],
      ['redact', false, false, false],
      ['transform_input', false, false, false],
      ['transform_output', false, false, false],
      ['route', false, false, false],
      ['sandbox', false, false, false],
      ['log_only', false, false, false],
    ])('%s: allowed=%p denied=%p requiresApproval=%p', (type, allowed, denied, requiresApproval) => {
      const decision = new Decision({ type });

      expect(decision.allowed).toBe(allowed);
      expect(decision.denied).toBe(denied);
      expect(decision.requiresApproval).toBe(requiresApproval);
    });
  });

  describe('decisionId', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('is a valid ULID', () => {
      expect(isValid(Decision.allow().decisionId)).toBe(true);
    });

    it('is stable on re-read', () => {
      const decision = Decision.deny('no');
      const first = decision.decisionId;

      expect(decision.decisionId).toBe(first);
      expect(decision.decisionId).toBe(first);
    });

    it('is generated lazily: its time is that of the first read, not of construction', () => {
      jest.useFakeTimers({ now: 1_700_000_000_000 });
      const decision = Decision.allow();
      jest.setSystemTime(1_700_000_999_000);

      expect(decodeTime(decision.decisionId)).toBe(1_700_000_999_000);
      jest.setSystemTime(1_800_000_000_000);
      expect(decodeTime(decision.decisionId)).toBe(1_700_000_999_000);
    });

    it('is unique across many decisions', () => {
      const ids = new Set(Array.from({ length: 5_000 }, () => Decision.allow().decisionId));

      expect(ids.size).toBe(5_000);
    });

    it('is not an own enumerable field (it is a getter over a private slot)', () => {
      expect(Object.keys(Decision.allow())).not.toContain('decisionId');
    });
  });

  describe('withAttribution', () => {
    it('returns a new decision stamped with policy and action, with its own id', () => {
      const original = Decision.deny('Amount too high', { metadata: { limit: 100 } });
      const originalId = original.decisionId;
      const attributed = original.withAttribution({
        policyName: 'refund_amount_limit',
        policyVersion: '1.0',
        actionId: 'act_9',
      });

      expect(attributed).toBeInstanceOf(Decision);
      expect(attributed).not.toBe(original);
      expect(attributed.type).toBe('deny');
      expect(attributed.reason).toBe('Amount too high');
      expect(attributed.metadata).toStrictEqual({ limit: 100 });
      expect(attributed.policyName).toBe('refund_amount_limit');
      expect(attributed.policyVersion).toBe('1.0');
      expect(attributed.actionId).toBe('act_9');
      expect(isValid(attributed.decisionId)).toBe(true);
      expect(attributed.decisionId).not.toBe(originalId);
    });

    it('leaves the original untouched, so a shared instance can be returned by many policies', () => {
      const shared = Decision.allow();
      shared.withAttribution({ policyName: 'a', policyVersion: '1', actionId: 'act_a' });
      shared.withAttribution({ policyName: 'b', policyVersion: '2', actionId: 'act_b' });

      expect(shared.policyName).toBeUndefined();
      expect(shared.policyVersion).toBeUndefined();
      expect(shared.actionId).toBeUndefined();
    });

    it('keeps every payload', () => {
      const original = new Decision({
        type: 'redact',
        mutations: { fields: ['ssn'] },
        approval: { a: 1 },
        audit: { b: 2 },
      });
      const attributed = original.withAttribution({ policyName: 'p', policyVersion: undefined, actionId: 'x' });

      expect(attributed.mutations).toStrictEqual({ fields: ['ssn'] });
      expect(attributed.approval).toStrictEqual({ a: 1 });
      expect(attributed.audit).toStrictEqual({ b: 2 });
      expect(attributed.policyVersion).toBeUndefined();
    });

    it('validates the attribution like the constructor', () => {
      const attribution = { policyName: 7, policyVersion: undefined, actionId: 'x' } as unknown as Parameters<
        Decision['withAttribution']
      >[0];
      const error = thrown(() => Decision.allow().withAttribution(attribution));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe('new Decision: `policyName` must be a string (got `7`)');
    });
  });

  describe('toJSON', () => {
    it('gives type, decisionId and metadata, omitting undefined fields', () => {
      const decision = Decision.allow();
      const json = decision.toJSON();

      expect(json).toStrictEqual({ type: 'allow', decisionId: decision.decisionId, metadata: {} });
      expect(Object.keys(json)).toStrictEqual(['type', 'decisionId', 'metadata']);
    });

    it('includes every defined field', () => {
      const decision = new Decision({
        type: 'deny',
        reason: 'r',
        actionId: 'a',
        policyName: 'p',
        policyVersion: 'v',
        mutations: { m: 1 },
        approval: { ap: 1 },
        audit: { au: 1 },
        metadata: { me: 1 },
      });

      expect(decision.toJSON()).toStrictEqual({
        type: 'deny',
        decisionId: decision.decisionId,
        reason: 'r',
        actionId: 'a',
        policyName: 'p',
        policyVersion: 'v',
        mutations: { m: 1 },
        approval: { ap: 1 },
        audit: { au: 1 },
        metadata: { me: 1 },
      });
    });

    it('is what JSON.stringify produces, with the same id every time', () => {
      const decision = Decision.deny('no');

      expect(JSON.parse(JSON.stringify(decision))).toStrictEqual({
        type: 'deny',
        decisionId: decision.decisionId,
        reason: 'no',
        metadata: {},
      });
      expect(decision.toJSON().decisionId).toBe(decision.toJSON().decisionId);
    });
  });

  describe('Decision.isDecision', () => {
    it('accepts real decisions', () => {
      expect(Decision.isDecision(Decision.allow())).toBe(true);
      expect(Decision.isDecision(new Decision({ type: 'sandbox' }))).toBe(true);
    });

    it.each<[string, unknown]>([
      ['a plain object with type allow', { type: 'allow' }],
      ['a full look-alike', { ...Decision.allow().toJSON(), allowed: true, denied: false, requiresApproval: false }],
      ['the JSON form of a decision', JSON.parse(JSON.stringify(Decision.allow())) as unknown],
      ['the string allow', 'allow'],
      ['true', true],
      ['undefined', undefined],
      ['null', null],
      ['an instance of another class named Decision', new (class Decision {})()],
    ])('rejects %s', (_label, value) => {
      expect(Decision.isDecision(value)).toBe(false);
    });
  });
});
