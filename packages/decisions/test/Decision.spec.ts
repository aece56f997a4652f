import { BraneError } from '@brane/errors';
import { DECISION_TYPES, Decision, composeDecisions, type DecisionInit, type DecisionType } from '@brane/decisions';
import { decodeTime, isValid } from 'ulid';
import { initOf } from '../src/initOf.js';
import { DECISION_FIELDS } from './fixtures/decisionFields';

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

/** The smallest valid init of each type: the type and the payload it needs. */
const MINIMAL: Readonly<Record<DecisionType, DecisionInit>> = {
  allow: { type: 'allow' },
  deny: { type: 'deny', reason: 'no' },
  approval_required: { type: 'approval_required', approval: { approverGroup: 'ops', reason: 'check' } },
  redact: { type: 'redact', mutations: { redact: [{ path: 'ssn', action: 'remove' }] } },
  transform_input: { type: 'transform_input', mutations: { input: { patch: { limit: 10 } } } },
  transform_output: { type: 'transform_output', mutations: { output: { replace: 'hidden' } } },
  route: { type: 'route', route: { capability: 'refund_v2' } },
  sandbox: { type: 'sandbox', sandbox: { timeoutMs: 1000 } },
  log_only: { type: 'log_only', reason: 'watch this' },
};

describe('Decision', () => {
  describe('constructor', () => {
    it('builds a decision from a type alone, with empty frozen metadata and no optional fields', () => {
      const decision = new Decision({ type: 'allow' });

      expect(decision.type).toBe('allow');
      for (const field of DECISION_FIELDS.slice(1, 11)) expect(decision[field]).toBeUndefined(); // reason … effects
      expect(decision.metadata).toStrictEqual({});
      expect(Object.isFrozen(decision.metadata)).toBe(true);
    });

    it('keeps every field it is given', () => {
      const decision = new Decision({
        type: 'approval_required',
        reason: 'Refund over $100',
        policyName: 'refund_limit',
        policyVersion: '1.2',
        actionId: 'act_1',
        metadata: { rule: 'limit' },
        approval: { approverGroup: 'finance-ops', reason: 'Refund over $100' },
        audit: { ticket: 'SEC-1' },
      });

      expect(decision).toMatchObject({
        type: 'approval_required',
        reason: 'Refund over $100',
        policyName: 'refund_limit',
        policyVersion: '1.2',
        actionId: 'act_1',
        metadata: { rule: 'limit' },
        approval: { approverGroups: ['finance-ops'], reason: 'Refund over $100' },
        audit: { ticket: 'SEC-1' },
      });
    });

    it.each(DECISION_TYPES.map((type) => [type]))('builds a %s from its type and payload', (type: DecisionType) => {
      expect(new Decision(MINIMAL[type]).type).toBe(type);
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
      ['audit', new Date(0), 'an instance of `Date`'],
    ])('rejects a `%s` that is not a plain object (%p)', (field, value, got) => {
      const error = thrown(() => decisionFrom({ type: 'allow', [field]: value }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`new Decision: \`${field}\` must be a plain object (got ${got})`);
    });

    it('accepts null-prototype metadata', () => {
      const metadata = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });

      expect({ ...new Decision({ type: 'allow', metadata }).metadata }).toStrictEqual({ a: 1 });
    });
  });

  describe('metadata and audit', () => {
    it.each(['metadata', 'audit'] as const)('copies and freezes %s', (field) => {
      const payload: Record<string, unknown> = { key: 'before' };
      const decision = new Decision({ type: 'allow', [field]: payload });
      payload['key'] = 'after';
      payload['added'] = true;

      expect(decision[field]).toStrictEqual({ key: 'before' });
      expect(Object.isFrozen(decision[field])).toBe(true);
      expect(() => {
        (decision[field] as Record<string, unknown>)['key'] = 'x';
      }).toThrow(TypeError);
    });

    it('copies even a frozen payload, since what it holds may not be frozen', () => {
      const inner = { limit: 100 };
      const metadata = Object.freeze({ inner });
      const decision = new Decision({ type: 'allow', metadata });
      inner.limit = 1;

      expect(decision.metadata).toStrictEqual({ inner: { limit: 100 } });
    });
  });

  describe('Decision.allow and Decision.deny', () => {
    it('builds an allow, with the other fields', () => {
      expect(Decision.allow().type).toBe('allow');
      expect(Decision.allow().reason).toBeUndefined();
      expect(Decision.allow({ reason: 'fine', metadata: { k: 1 } })).toMatchObject({
        type: 'allow',
        reason: 'fine',
        metadata: { k: 1 },
      });
    });

    it('builds a deny with its reason', () => {
      const decision = Decision.deny('Only SELECT queries are allowed', { metadata: { query: 'delete' } });

      expect(decision).toMatchObject({ type: 'deny', reason: 'Only SELECT queries are allowed' });
      expect(decision.metadata).toStrictEqual({ query: 'delete' });
    });

    it('keeps its own type (and a deny its reason) even if the options smuggle in others', () => {
      const options = { type: 'deny', reason: 'other' } as unknown as DecisionInit;

      expect(Decision.allow(options).type).toBe('allow');
      expect(Decision.deny('no', options)).toMatchObject({ type: 'deny', reason: 'no' });
      expect(Decision.logOnly('look', options)).toMatchObject({ type: 'log_only', reason: 'look' });
    });

    it('validates the fields like the constructor', () => {
      const error = thrown(() => Decision.allow({ reason: 5 } as unknown as DecisionInit));

      expect(error.message).toBe('new Decision: `reason` must be a string (got `5`)');
    });

    it('refuses a payload that belongs to another type', () => {
      const options = { approval: { approverGroup: 'ops', reason: 'x' } } as unknown as DecisionInit;

      expect(thrown(() => Decision.allow(options)).message).toBe(
        'new Decision: `approval` belongs to approval_required decisions, not `allow`',
      );
    });
  });

  describe.each(['deny', 'logOnly'] as const)('Decision.%s reason', (method) => {
    it.each<[string, unknown, string]>([
      ['the empty string', '', '`""`'],
      ['whitespace only', ' \t\n ', '`" \\t\\n "`'],
      ['undefined', undefined, '`undefined`'],
      ['null', null, '`null`'],
      ['a number', 42, '`42`'],
      ['an Error', new Error('no'), 'an instance of `Error`'],
    ])('throws INVALID_ARGUMENT for %s', (_label, reason, got) => {
      const error = thrown(() => Decision[method](reason as string));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`Decision.${method}: \`reason\` must be a non-empty string (got ${got})`);
    });
  });

  describe('Decision.logOnly and Decision.sandbox', () => {
    it('logOnly builds a log_only marked for review, with its reason', () => {
      const decision = Decision.logOnly('Large export', { policyName: 'export_watch' });

      expect(decision).toMatchObject({ type: 'log_only', reason: 'Large export', policyName: 'export_watch' });
      expect(decision.allowed).toBe(false);
      expect(decision.markedForReview).toBe(true);
    });

    it('sandbox builds a sandbox with its normalised, frozen constraints', () => {
      const constraints = { timeoutMs: 2000, network: { allowHosts: ['API.Stripe.com'] } };
      const decision = Decision.sandbox(constraints, { reason: 'untrusted tool' });
      constraints.network.allowHosts.push('evil.com');

      expect(decision).toMatchObject({ type: 'sandbox', reason: 'untrusted tool' });
      expect(decision.sandbox).toStrictEqual({ timeoutMs: 2000, network: { allowHosts: ['api.stripe.com'] } });
      expect(Object.isFrozen(decision.sandbox?.network?.allowHosts)).toBe(true);
    });

    it('sandbox reports a bad constraint under decision.sandbox', () => {
      const error = thrown(() => Decision.sandbox({ timeoutMs: -1 }));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/^decision\.sandbox: `timeoutMs` must be a positive integer/);
    });
  });

  describe('computed properties', () => {
    it.each<[DecisionType, boolean, boolean, boolean, boolean]>([
      ['allow', true, false, false, false],
      ['deny', false, true, false, false],
      ['approval_required', false, false, true, false],
      ['redact', false, false, false, false],
      ['transform_input', false, false, false, false],
      ['transform_output', false, false, false, false],
      ['route', false, false, false, false],
      ['sandbox', false, false, false, false],
      ['log_only', false, false, false, true],
    ])('%s: allowed=%p denied=%p requiresApproval=%p markedForReview=%p', (type, allowed, denied, approval, review) => {
      const decision = new Decision(MINIMAL[type]);

      expect(decision.allowed).toBe(allowed);
      expect(decision.denied).toBe(denied);
      expect(decision.requiresApproval).toBe(approval);
      expect(decision.markedForReview).toBe(review);
    });

    it('marks a composed decision for review when one of its effects is a log_only', () => {
      const watched = composeDecisions([Decision.logOnly('watch'), new Decision(MINIMAL.route)], Decision.allow());
      const unwatched = composeDecisions(
        [new Decision(MINIMAL.sandbox), new Decision(MINIMAL.route)],
        Decision.allow(),
      );

      expect(watched.type).toBe('route');
      expect(watched.markedForReview).toBe(true);
      expect(unwatched.markedForReview).toBe(false);
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

  describe('toJSON', () => {
    it('gives type, decisionId and metadata, omitting undefined fields', () => {
      const decision = Decision.allow();
      const json = decision.toJSON();

      expect(json).toStrictEqual({ type: 'allow', decisionId: decision.decisionId, metadata: {} });
      expect(Object.keys(json)).toStrictEqual(['type', 'decisionId', 'metadata']);
    });

    it('includes every defined field of a single decision', () => {
      const decision = new Decision({
        ...MINIMAL.approval_required,
        reason: 'r',
        actionId: 'a',
        policyName: 'p',
        policyVersion: 'v',
        audit: { au: 1 },
        metadata: { me: 1 },
      });

      expect(decision.toJSON()).toStrictEqual({
        type: 'approval_required',
        decisionId: decision.decisionId,
        reason: 'r',
        actionId: 'a',
        policyName: 'p',
        policyVersion: 'v',
        approval: {
          approverGroups: ['ops'],
          reason: 'check',
          expiresInMs: 3_600_000,
          context: {},
          distinctApprover: false,
          requestedBy: [],
        },
        audit: { au: 1 },
        metadata: { me: 1 },
      });
    });

    it.each<[DecisionType, string]>([
      ['redact', 'mutations'],
      ['transform_input', 'mutations'],
      ['route', 'route'],
      ['sandbox', 'sandbox'],
    ])('includes the payload of a %s (%s)', (type, field) => {
      const decision = new Decision(MINIMAL[type]);

      expect(decision.toJSON()).toStrictEqual({
        type,
        decisionId: decision.decisionId,
        [field]: decision[field as keyof Decision],
        metadata: {},
      });
    });

    it('writes every field a decision is made from, in that order: toJSON lists them by hand, initOf too', () => {
      const route = Decision.route({ model: 'small' }, { policyName: 'cheap' });
      const sandbox = Decision.sandbox({ timeoutMs: 50 }, { policyName: 'box' });
      const composed = composeDecisions([route, sandbox, Decision.allow().label('pii')], Decision.allow())
        .withLimits({ key: 'k', max: 3, per: '1h' })
        .withAttribution({ policyName: 'p', policyVersion: '1', actionId: 'a' });
      const init = initOf(composed) as unknown as Record<string, unknown>;
      const defined = Object.keys(init).filter((key) => key !== 'type' && init[key] !== undefined);

      expect(Object.keys(composed.toJSON())).toStrictEqual(['type', 'decisionId', ...defined]);
      expect(defined).toEqual(expect.arrayContaining(['effects', 'limits', 'labels', 'metadata', 'actionId']));
    });

    it('gives the effects of a composed decision in their JSON form', () => {
      const route = Decision.route({ model: 'small' }, { policyName: 'cheap' });
      const sandbox = Decision.sandbox({ timeoutMs: 50 }, { policyName: 'box' });
      const composed = composeDecisions([route, sandbox], Decision.allow());
      const json = composed.toJSON();

      expect(json).toMatchObject({ type: 'route', route: { model: 'small' }, sandbox: { timeoutMs: 50 } });
      expect(json.effects).toStrictEqual([route.toJSON(), sandbox.toJSON()]);
      expect(JSON.parse(JSON.stringify(composed))).toStrictEqual(json);
      expect(composed.effects).toStrictEqual([route, sandbox]);
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
});
