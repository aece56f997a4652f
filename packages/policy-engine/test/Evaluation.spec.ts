import { Decision } from '@brane/decisions';
import { PolicyEvaluationError } from '@brane/errors';
import { Evaluation } from '@brane/policy-engine';
import { makeContext, makePolicy } from './fixtures';

describe('Evaluation', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('attributes its decision to the policy and the action', () => {
    const ctx = makeContext();
    const policy = makePolicy('limit', () => Decision.allow(), { version: '1.0' });
    const raw = Decision.deny('too much', { policyName: 'claimed', policyVersion: '0.9', actionId: 'other' });
    const evaluation = new Evaluation(raw, policy, ctx);

    expect(evaluation.policy).toBe(policy);
    expect(evaluation.decision).toMatchObject({
      type: 'deny',
      reason: 'too much',
      policyName: 'limit',
      policyVersion: '1.0',
      actionId: ctx.action.actionId,
    });
    expect(raw.policyName).toBe('claimed');
    expect(raw.actionId).toBe('other');
  });

  it('takes the version from the policy even when the policy has none', () => {
    const raw = Decision.allow({ policyVersion: '0.9' });
    const evaluation = new Evaluation(
      raw,
      makePolicy('unversioned', () => raw),
      makeContext(),
    );

    expect(evaluation.decision.policyVersion).toBeUndefined();
  });

  it('keeps the decision’s own policy fields when no policy decided (a default)', () => {
    const ctx = makeContext();
    const raw = Decision.deny('default deny', { policyName: 'runtime.default', policyVersion: '1' });
    const evaluation = new Evaluation(raw, undefined, ctx);

    expect(evaluation.policy).toBeUndefined();
    expect(evaluation.decision.policyName).toBe('runtime.default');
    expect(evaluation.decision.policyVersion).toBe('1');
    expect(evaluation.decision.actionId).toBe(ctx.action.actionId);
  });

  it('attributes lazily, on the first read of decision, and caches the result', () => {
    const withAttribution = jest.spyOn(Decision.prototype, 'withAttribution');
    const evaluation = new Evaluation(
      Decision.allow(),
      makePolicy('p', () => Decision.allow()),
      makeContext(),
    );

    expect(withAttribution).not.toHaveBeenCalled();
    expect(evaluation.allowed).toBe(true);
    expect(withAttribution).not.toHaveBeenCalled();

    const first = evaluation.decision;
    expect(withAttribution).toHaveBeenCalledTimes(1);
    expect(evaluation.decision).toBe(first);
    expect(evaluation.decision.decisionId).toBe(first.decisionId);
    expect(withAttribution).toHaveBeenCalledTimes(1);
  });

  it.each<[string, Decision, boolean]>([
    ['allow', Decision.allow(), true],
    ['deny', Decision.deny('no'), false],
    ['log_only', Decision.logOnly('review'), false],
    ['redact', Decision.redact(['email']), false],
  ])('allowed (a plain allow, nothing to enforce) for a raw %s is %p', (_type, decision, allowed) => {
    const evaluation = new Evaluation(decision, undefined, makeContext());

    expect(evaluation.allowed).toBe(allowed);
  });

  it('carries the cause of a failure', () => {
    const cause = new PolicyEvaluationError('POLICY_TIMEOUT', 'slow', { policyName: 'p' });
    const evaluation = new Evaluation(Decision.deny('failed'), undefined, makeContext(), cause);

    expect(evaluation.cause).toBe(cause);
    expect(new Evaluation(Decision.allow(), undefined, makeContext()).cause).toBeUndefined();
  });
});
