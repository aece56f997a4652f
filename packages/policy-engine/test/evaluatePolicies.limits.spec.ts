import { Decision, type Limit } from '@brane/decisions';
import { Evaluation, evaluatePolicies, type EvaluationOptions, type Policy } from '@brane/policy-engine';
import { makeContext, makePolicy } from './fixtures';

const SYNC: EvaluationOptions = { whenNoneMatch: Decision.allow(), async: false, timeoutMs: 1_000 };
const OBSERVED: EvaluationOptions = { ...SYNC, observe: () => undefined };

const MAIL = { key: 'mail', max: 10, per: '1h' } as const;
const SMS = { key: 'sms', max: 5, per: '1h' } as const;

function evaluate(policies: readonly Policy[], options = SYNC): Evaluation {
  const result = evaluatePolicies(policies, makeContext(), options);
  if (!(result instanceof Evaluation)) throw new Error('expected a synchronous Evaluation');
  return result;
}

/** An allow with `limits` that its policy can change (`Decision.allow().withLimits` of one limit is frozen). */
const changeable = (...limits: (typeof MAIL | typeof SMS)[]): Decision => new Decision({ type: 'allow', limits });

const keysOf = (limits: readonly Limit[] | undefined): string[] | undefined => limits?.map((limit) => limit.key);

describe('evaluatePolicies: an allow that reserves limits', () => {
  it('reserves the limits its policy’s decision was checked with, attributed to that policy when read', () => {
    const returned = Decision.allow().withLimits(MAIL);
    const policy = makePolicy('mail-rate', () => returned, { version: '3' });
    const evaluation = evaluate([policy]);

    expect(evaluation.allowed).toBe(false);
    expect(evaluation.reservesOnly).toBe(returned.limits);
    expect(evaluation.policy).toBe(policy);
    expect(evaluation.decision).toMatchObject({ type: 'allow', policyName: 'mail-rate', policyVersion: '3' });
    expect(evaluation.decision.limits).toBe(returned.limits);
    expect(returned.policyName).toBeUndefined(); // the policy's own decision is left as it was
  });

  it('keeps reserving through a plain allow after it', () => {
    const evaluation = evaluate([
      makePolicy('mail-rate', () => Decision.allow().withLimits(MAIL)),
      makePolicy('plain', () => Decision.allow()),
    ]);

    expect(keysOf(evaluation.reservesOnly)).toEqual(['mail']);
    expect(evaluation.decision.policyName).toBe('mail-rate');
  });

  it('composes the limits of two policies (reserved together, in no particular order)', () => {
    const evaluation = evaluate([
      makePolicy('mail-rate', () => Decision.allow().withLimits(MAIL)),
      makePolicy('sms-rate', () => Decision.allow().withLimits(SMS)),
    ]);

    expect(keysOf(evaluation.reservesOnly)?.sort()).toEqual(['mail', 'sms']);
    expect(evaluation.decision.type).toBe('allow');
  });

  it('reserves nothing when a later policy denies or asks for approval', () => {
    const reserving = makePolicy('mail-rate', () => Decision.allow().withLimits(MAIL));
    const denied = evaluate([reserving, makePolicy('no', () => Decision.deny('not today'))]);
    const paused = evaluate([
      reserving,
      makePolicy('ask', () => Decision.requireApproval({ approverGroup: 'ops', reason: 'check' })),
    ]);

    expect(denied.decision.type).toBe('deny');
    expect(denied.reservesOnly).toBeUndefined();
    expect(paused.decision.type).toBe('approval_required');
    expect(paused.reservesOnly).toBeUndefined();
  });

  it('is a deny of the policy when a later one throws', () => {
    const thrower = makePolicy('broken', () => {
      throw new Error('boom');
    });
    const evaluation = evaluate([makePolicy('mail-rate', () => Decision.allow().withLimits(MAIL)), thrower]);

    expect(evaluation.decision.type).toBe('deny');
    expect(evaluation.policy).toBe(thrower);
  });

  it('does not reserve a shadow policy’s limits', () => {
    const evaluation = evaluate([makePolicy('mail-rate', () => Decision.allow().withLimits(MAIL), { mode: 'shadow' })]);

    expect(evaluation.allowed).toBe(true);
    expect(evaluation.reservesOnly).toBeUndefined();
    expect(evaluation.shadow.map((shadow) => keysOf(shadow.decision.limits))).toEqual([['mail']]);
  });

  it('reserves the same limits, attributed the same, when every policy is observed', () => {
    const policies = [makePolicy('mail-rate', () => Decision.allow().withLimits(MAIL), { version: '3' })];
    const fast = evaluate(policies);
    const observed = evaluate(policies, OBSERVED);

    expect(keysOf(observed.reservesOnly)).toEqual(keysOf(fast.reservesOnly));
    expect(observed.decision.toJSON()).toEqual({ ...fast.decision.toJSON(), decisionId: observed.decision.decisionId });
  });

  it('enforces and records what was checked when the policy changes its decision after returning it', () => {
    const returned = changeable(MAIL);
    const evaluation = evaluate([makePolicy('mail-rate', () => returned)]);
    Object.defineProperty(returned, 'limits', { value: Decision.allow().withLimits(SMS).limits });
    Object.defineProperty(returned, 'type', { value: 'deny' });

    expect(keysOf(evaluation.reservesOnly)).toEqual(['mail']);
    expect(evaluation.decision.type).toBe('allow');
    expect(keysOf(evaluation.decision.limits)).toEqual(['mail']);
  });

  it('checks again a decision the policy changed before returning it (a deny stays a deny)', () => {
    const evaluation = evaluate([
      makePolicy('mail-rate', () => {
        const decision = changeable(MAIL);
        Object.defineProperty(decision, 'type', { value: 'deny' });
        return decision;
      }),
    ]);

    expect(evaluation.reservesOnly).toBeUndefined();
    expect(evaluation.decision.type).toBe('deny');
  });

  it('denies when a policy tries to change an allow with one limit, which is frozen', () => {
    const evaluation = evaluate([
      makePolicy('mail-rate', () => {
        const decision = Decision.allow().withLimits(MAIL);
        Object.defineProperty(decision, 'limits', { value: undefined });
        return decision;
      }),
    ]);

    expect(evaluation.reservesOnly).toBeUndefined();
    expect(evaluation.decision.type).toBe('deny');
    expect(evaluation.cause?.code).toBe('POLICY_ERROR');
  });
});

describe('evaluatePolicies: the labels of an allow that reserves limits', () => {
  it('are the ones its decision was checked with, whatever a getter answers later', () => {
    const returned = Decision.allow().withLimits(MAIL).label('pii');
    const evaluation = evaluate([makePolicy('mail-rate', () => returned)]);
    Object.defineProperty(returned, 'labels', { get: () => null });

    expect(evaluation.labels).toEqual(['pii']);
    expect(evaluation.decision.labels).toEqual(['pii']);
  });
});
