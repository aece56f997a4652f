import { BraneError } from '@brane/errors';
import {
  DECISION_TYPES,
  ENFORCED_DECISION_TYPES,
  Decision,
  composeDecisions,
  composeNext,
  isFinalDecision,
  type DecisionType,
} from '@brane/decisions';

const UNSUPPORTED = DECISION_TYPES.filter((type) => type !== 'allow' && type !== 'deny');

/** Yields `decisions` one at a time and counts how many were consumed. */
function tracked(decisions: readonly Decision[]): { iterable: Iterable<Decision>; consumed: () => number } {
  let consumed = 0;
  function* generate(): Generator<Decision> {
    for (const decision of decisions) {
      consumed++;
      yield decision;
    }
  }
  return { iterable: generate(), consumed: () => consumed };
}

describe('composeDecisions', () => {
  it.each<[string, Decision]>([
    ['allow', Decision.allow()],
    ['deny', Decision.deny('default deny')],
  ])('returns the given default (%s) when no decision is given', (_label, whenNoneMatch) => {
    expect(composeDecisions([], whenNoneMatch)).toBe(whenNoneMatch);
    expect(composeDecisions(tracked([]).iterable, whenNoneMatch)).toBe(whenNoneMatch);
  });

  it('ignores the default as soon as one decision is given', () => {
    const allow = Decision.allow();

    expect(composeDecisions([allow], Decision.deny('default deny'))).toBe(allow);
  });

  it('returns the last allow when all allow', () => {
    const first = Decision.allow({ policyName: 'first' });
    const second = Decision.allow({ policyName: 'second' });
    const last = Decision.allow({ policyName: 'last' });

    expect(composeDecisions([first, second, last], Decision.deny('default'))).toBe(last);
  });

  it('returns the first deny, whatever comes after it', () => {
    const deny = Decision.deny('first deny', { policyName: 'limit' });
    const result = composeDecisions(
      [Decision.allow(), deny, Decision.deny('second deny'), Decision.allow()],
      Decision.allow(),
    );

    expect(result).toBe(deny);
  });

  it('stops at the first deny: later decisions are never consumed', () => {
    const deny = Decision.deny('stop here');
    const source = tracked([Decision.allow(), deny, Decision.allow(), Decision.deny('never seen')]);

    expect(composeDecisions(source.iterable, Decision.allow())).toBe(deny);
    expect(source.consumed()).toBe(2);
  });

  it('consumes every decision when all allow', () => {
    const source = tracked([Decision.allow(), Decision.allow(), Decision.allow()]);

    composeDecisions(source.iterable, Decision.deny('default'));

    expect(source.consumed()).toBe(3);
  });

  it.each(UNSUPPORTED.map((type) => [type]))(
    'turns %s into a deny that says it is not supported yet, keeping the attribution',
    (type: DecisionType) => {
      const decision = new Decision({
        type,
        reason: 'needs a human',
        policyName: 'refund_review',
        policyVersion: '3',
        actionId: 'act_7',
        metadata: { team: 'payments' },
      });
      const result = composeDecisions([Decision.allow(), decision], Decision.allow());

      expect(result).toBeInstanceOf(Decision);
      expect(result.type).toBe('deny');
      expect(result.allowed).toBe(false);
      expect(result.reason).toBe(
        `Decision type \`${type}\` is not supported yet, so it is enforced as a deny: needs a human`,
      );
      expect(result.policyName).toBe('refund_review');
      expect(result.policyVersion).toBe('3');
      expect(result.actionId).toBe('act_7');
      expect(result.metadata).toStrictEqual({ team: 'payments', unsupportedType: type });
    },
  );

  it('says only that the type is not supported when the decision has no reason', () => {
    const result = composeDecisions([new Decision({ type: 'log_only' })], Decision.allow());

    expect(result.reason).toBe('Decision type `log_only` is not supported yet, so it is enforced as a deny');
  });

  it('stops at an unsupported type: it is never an allow, and later allows are not consumed', () => {
    const source = tracked([new Decision({ type: 'approval_required' }), Decision.allow(), Decision.allow()]);
    const result = composeDecisions(source.iterable, Decision.allow());

    expect(result.denied).toBe(true);
    expect(source.consumed()).toBe(1);
  });

  it('rejects a plain object posing as an allow with INVALID_ARGUMENT', () => {
    const impostor = { type: 'allow' } as unknown as Decision;

    let error: unknown;
    try {
      composeDecisions([impostor], Decision.deny('default'));
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    expect((error as BraneError).message).toContain('a plain object');
  });
});

describe('composeNext', () => {
  it.each<[string, Decision | undefined]>([
    ['nothing composed yet', undefined],
    ['an earlier allow', Decision.allow()],
  ])('returns an enforced decision itself after %s', (_label, current) => {
    const allow = Decision.allow();
    const deny = Decision.deny('no');

    expect(composeNext(current, allow)).toBe(allow);
    expect(composeNext(current, deny)).toBe(deny);
  });

  it('returns a new deny for an unsupported type, leaving the input untouched', () => {
    const route = new Decision({ type: 'route', reason: 'use the cheap model' });
    const result = composeNext(undefined, route);

    expect(result).not.toBe(route);
    expect(result.type).toBe('deny');
    expect(route.type).toBe('route');
    expect(route.metadata).toStrictEqual({});
  });
});

describe('isFinalDecision', () => {
  it.each(DECISION_TYPES.map((type) => [type, type !== 'allow']))('%s is final: %p', (type, final) => {
    expect(isFinalDecision(new Decision({ type }))).toBe(final);
  });
});

describe('composeNext and ENFORCED_DECISION_TYPES', () => {
  // composeNext compares types directly on the hot path; this keeps it in step with the exported set.
  it.each(DECISION_TYPES.map((type) => [type]))('treats `%s` as enforced exactly when the set says so', (type) => {
    const decision = new Decision({ type, reason: 'r' });
    const passedThrough = composeNext(undefined, decision) === decision;
    expect(passedThrough).toBe(ENFORCED_DECISION_TYPES.has(type));
  });
});
