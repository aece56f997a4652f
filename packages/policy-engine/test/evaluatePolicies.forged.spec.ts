import { Decision, composeDecisions } from '@brane/decisions';
import { BraneError, PolicyEvaluationError } from '@brane/errors';
import { Evaluation, evaluatePolicies, type EvaluationOptions, type Policy } from '@brane/policy-engine';
import { makeContext, makePolicy } from './fixtures';

// Regression tests for two fail-open bugs found by test/reliability/failClosed.spec.ts: a policy returning
// either of these ran the capability.

const SYNC: EvaluationOptions = { whenNoneMatch: Decision.deny('No policy matched'), async: false, timeoutMs: 1_000 };
const ASYNC: EvaluationOptions = { ...SYNC, async: true };

const forgedAllow = (): Decision =>
  Object.assign(Object.create(Decision.prototype) as Decision, { type: 'allow', metadata: {} });

async function evaluateOne(policy: Policy, options: EvaluationOptions): Promise<Evaluation> {
  return evaluatePolicies([policy], makeContext(), options);
}

describe('evaluatePolicies: a forged Decision is a policy error, never an allow', () => {
  it.each<[string, () => unknown, EvaluationOptions]>([
    ['made on Decision.prototype without the constructor', forgedAllow, SYNC],
    ['the same, frozen', () => Object.freeze(forgedAllow()), SYNC],
    ['the same, resolved by an async policy', async () => forgedAllow(), ASYNC],
    ['a Proxy of a real allow', () => new Proxy(Decision.allow(), {}), SYNC],
    ['a Proxy of a real allow, resolved by an async policy', async () => new Proxy(Decision.allow(), {}), ASYNC],
  ])('type allow, %s: denied', async (_label, forged, options) => {
    const evaluation = await evaluateOne(makePolicy('forger', forged as () => Decision), options);

    expect(evaluation.allowed).toBe(false);
    expect(evaluation.decision.type).toBe('deny');
    expect(evaluation.cause).toBeInstanceOf(PolicyEvaluationError);
    expect(evaluation.cause?.code).toBe('POLICY_ERROR');
    expect(evaluation.cause?.cause).toBeInstanceOf(BraneError);
    expect((evaluation.cause?.cause as Error).message).toMatch(/not made by the Decision constructor/);
  });

  it('after a real allow, a forged allow still denies', async () => {
    const evaluation = await evaluatePolicies(
      [makePolicy('honest', () => Decision.allow()), makePolicy('forger', forgedAllow)],
      makeContext(),
      SYNC,
    );

    expect(evaluation.allowed).toBe(false);
    expect(evaluation.cause?.policyName).toBe('forger');
  });

  it('a forged allow from a shadow policy is recorded as a failure and changes nothing', async () => {
    const evaluation = await evaluatePolicies(
      [makePolicy('forger', forgedAllow, { mode: 'shadow' }), makePolicy('honest', () => Decision.allow())],
      makeContext(),
      SYNC,
    );

    expect(evaluation.allowed).toBe(true);
    expect(evaluation.shadow).toHaveLength(1);
    expect(evaluation.shadow[0]?.cause?.code).toBe('POLICY_ERROR');
  });
});

describe('evaluatePolicies: a Decision whose type contradicts its effects is not honoured', () => {
  it.each<[string, () => Decision]>([
    ['a deny whose effects allow', () => new Decision({ type: 'deny', reason: 'no', effects: [Decision.allow()] })],
    [
      'a deny whose effects only log',
      () => new Decision({ type: 'deny', reason: 'no', effects: [Decision.logOnly('x')] }),
    ],
    ['an allow whose effects deny', () => new Decision({ type: 'allow', effects: [Decision.deny('no')] })],
    [
      'an approval request whose effects allow',
      () =>
        new Decision({
          type: 'approval_required',
          approval: { approverGroup: 'ops', reason: 'check' },
          effects: [Decision.allow()],
        }),
    ],
    [
      'a deny spread from a composed decision',
      () =>
        new Decision({
          // eslint-disable-next-line @typescript-eslint/no-misused-spread -- spreading a Decision is the mistake modelled
          ...composeDecisions([Decision.logOnly('watch'), Decision.redact(['secret'])], Decision.allow()),
          type: 'deny',
          reason: 'no',
        }),
    ],
  ])('%s: a deny that says why', async (_label, decision) => {
    for (const options of [SYNC, ASYNC]) {
      const evaluation = await evaluateOne(makePolicy('contradicts', decision), options);

      expect(evaluation.allowed).toBe(false);
      expect(evaluation.decision.type).toBe('deny');
      expect(evaluation.decision.policyName).toBe('contradicts');
      expect(evaluation.decision.reason).toMatch(/cannot be honoured: its effects compose to `\w+`, not `\w+`/);
    }
  });

  it('a composed decision whose type is its effects is still honoured, effect by effect', async () => {
    const composed = composeDecisions([Decision.logOnly('watch'), Decision.redact(['secret'])], Decision.allow());
    const evaluation = await evaluateOne(
      makePolicy('composer', () => composed),
      SYNC,
    );

    expect(evaluation.decision.type).toBe('redact');
    expect(evaluation.decision.effects?.map((effect) => effect.type)).toEqual(['log_only', 'redact']);
  });
});
