import { BraneError } from '@brane/errors';
import { DECISION_TYPES, Decision, composeDecisions, type DecisionInit, type DecisionType } from '@brane/decisions';
import { isValid } from 'ulid';

function thrown(fn: () => unknown): BraneError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BraneError) return error;
    throw new Error(`expected a BraneError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a BraneError, nothing was thrown');
}

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
  describe('withAttribution', () => {
    const stamp = { policyName: 'refund_limit', policyVersion: '1.0', actionId: 'act_9' };

    it('returns a new decision stamped with policy and action, with its own id', () => {
      const original = Decision.deny('Amount too high', { metadata: { limit: 100 } });
      const originalId = original.decisionId;
      const attributed = original.withAttribution(stamp);

      expect(attributed).toBeInstanceOf(Decision);
      expect(attributed).not.toBe(original);
      expect(attributed).toMatchObject({ type: 'deny', reason: 'Amount too high', ...stamp });
      expect(attributed.metadata).toStrictEqual({ limit: 100 });
      expect(isValid(attributed.decisionId)).toBe(true);
      expect(attributed.decisionId).not.toBe(originalId);
    });

    it('leaves the original untouched, so a shared instance can be returned by many policies', () => {
      const shared = Decision.requireApproval({ approverGroup: 'ops', reason: 'check' });
      shared.withAttribution({ policyName: 'a', policyVersion: '1', actionId: 'act_a' });
      shared.withAttribution({ policyName: 'b', policyVersion: '2', actionId: 'act_b' });

      expect(shared.policyName).toBeUndefined();
      expect(shared.actionId).toBeUndefined();
      expect(shared.approval?.requestedBy).toStrictEqual([]);
    });

    it.each(DECISION_TYPES.map((type) => [type]))('keeps every payload of a %s', (type: DecisionType) => {
      const original = new Decision({ ...MINIMAL[type], audit: { b: 2 }, metadata: { c: 3 } });
      const attributed = original.withAttribution({ policyName: undefined, policyVersion: undefined, actionId: 'x' });

      expect(attributed.mutations).toStrictEqual(original.mutations);
      expect(attributed.route).toStrictEqual(original.route);
      expect(attributed.sandbox).toStrictEqual(original.sandbox);
      expect(attributed.approval).toStrictEqual(original.approval);
      expect(attributed.audit).toStrictEqual({ b: 2 });
      expect(attributed.metadata).toStrictEqual({ c: 3 });
      expect(attributed.policyVersion).toBeUndefined();
    });

    it('records the policy as the one that asked for approval', () => {
      const attributed = Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }).withAttribution(stamp);

      expect(attributed.approval?.requestedBy).toStrictEqual([{ name: 'refund_limit', version: '1.0' }]);
      expect(Object.isFrozen(attributed.approval?.requestedBy)).toBe(true);
    });

    it('keeps the askers an approval already has', () => {
      const once = Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }).withAttribution(stamp);
      const twice = once.withAttribution({ policyName: 'other', policyVersion: '2', actionId: 'act_9' });

      expect(twice.policyName).toBe('other');
      expect(twice.approval?.requestedBy).toStrictEqual([{ name: 'refund_limit', version: '1.0' }]);
    });

    it('records no asker without a policy name', () => {
      const attributed = Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }).withAttribution({
        policyName: undefined,
        policyVersion: '1',
        actionId: 'act_1',
      });

      expect(attributed.approval?.requestedBy).toStrictEqual([]);
    });

    it('keeps the effects and merged payloads of a composed decision', () => {
      const parts = [new Decision(MINIMAL.approval_required), new Decision(MINIMAL.sandbox)];
      const composed = composeDecisions(parts, Decision.allow());
      const attributed = composed.withAttribution(stamp);

      expect(attributed.effects).toStrictEqual(parts);
      expect(attributed.sandbox).toStrictEqual({ timeoutMs: 1000 });
      expect(attributed.approval?.approverGroups).toStrictEqual(['ops']);
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

  describe('Decision.isDecision', () => {
    it.each(DECISION_TYPES.map((type) => [type]))('accepts a real %s', (type: DecisionType) => {
      expect(Decision.isDecision(new Decision(MINIMAL[type]))).toBe(true);
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
