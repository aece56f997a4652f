import { BraneError, CapabilityDeniedError, PolicyEvaluationError, type DecisionRecord } from '@brane/errors';

function denyRecord(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    type: 'deny',
    reason: 'Refund of $349 exceeds the limit',
    decisionId: '01J0000000000000000000000D',
    actionId: 'act_1',
    policyName: 'refund_amount_limit',
    policyVersion: '1.0',
    mutations: undefined,
    approval: undefined,
    audit: undefined,
    metadata: {},
    allowed: false,
    denied: true,
    requiresApproval: false,
    ...overrides,
  };
}

describe('CapabilityDeniedError', () => {
  it('carries every field of the denial', () => {
    const decision = denyRecord();
    const cause = new PolicyEvaluationError('POLICY_ERROR', 'Policy `p` threw or rejected', { policyName: 'p' });
    const error = new CapabilityDeniedError({
      decision,
      capability: 'refund_customer',
      stage: 'before',
      actionId: 'act_1',
      cause,
    });

    expect(error).toBeInstanceOf(BraneError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CapabilityDeniedError');
    expect(error.code).toBe('CAPABILITY_DENIED');
    expect(error.reason).toBe('Refund of $349 exceeds the limit');
    expect(error.policyName).toBe('refund_amount_limit');
    expect(error.policyVersion).toBe('1.0');
    expect(error.actionId).toBe('act_1');
    expect(error.capability).toBe('refund_customer');
    expect(error.stage).toBe('before');
    expect(error.decision).toBe(decision);
    expect(error.cause).toBe(cause);
    expect(error.details).toStrictEqual({
      capability: 'refund_customer',
      stage: 'before',
      actionId: 'act_1',
      policyName: 'refund_amount_limit',
      policyVersion: '1.0',
    });
  });

  it.each<[string, Partial<DecisionRecord>, 'before' | 'after', string]>([
    [
      'name and version',
      {},
      'before',
      'Capability `refund_customer` denied by policy `refund_amount_limit@1.0` (before): Refund of $349 exceeds the limit',
    ],
    [
      'a name without version',
      { policyVersion: undefined },
      'after',
      'Capability `refund_customer` denied by policy `refund_amount_limit` (after): Refund of $349 exceeds the limit',
    ],
    [
      'a version but no name (no label)',
      { policyName: undefined, policyVersion: '2' },
      'before',
      'Capability `refund_customer` denied (before): Refund of $349 exceeds the limit',
    ],
    [
      'no policy (a default deny)',
      { policyName: undefined, policyVersion: undefined },
      'before',
      'Capability `refund_customer` denied (before): Refund of $349 exceeds the limit',
    ],
  ])('labels the policy in the message with %s', (_label, overrides, stage, message) => {
    const error = new CapabilityDeniedError({
      decision: denyRecord(overrides),
      capability: 'refund_customer',
      stage,
      actionId: 'act_1',
    });

    expect(error.message).toBe(message);
    expect(error.message).toContain(error.reason);
    expect(error.stage).toBe(stage);
  });

  it('uses a default reason when the decision has none', () => {
    const error = new CapabilityDeniedError({
      decision: denyRecord({ reason: undefined }),
      capability: 'delete_user',
      stage: 'before',
      actionId: 'act_2',
    });

    expect(error.reason).toBe('Denied by policy');
    expect(error.message).toBe(
      'Capability `delete_user` denied by policy `refund_amount_limit@1.0` (before): Denied by policy',
    );
  });

  it('has no cause when the deny is a policy verdict rather than a failure', () => {
    const error = new CapabilityDeniedError({
      decision: denyRecord(),
      capability: 'refund_customer',
      stage: 'before',
      actionId: 'act_1',
    });

    expect(error.cause).toBeUndefined();
    expect('cause' in error.toJSON()).toBe(false);
  });

  it('reports the deny and its cause in toJSON', () => {
    const root = new Error('database down');
    const cause = new PolicyEvaluationError('POLICY_ERROR', 'Policy `p` threw or rejected', {
      policyName: 'p',
      cause: root,
    });
    const error = new CapabilityDeniedError({
      decision: denyRecord({ policyName: 'p', policyVersion: undefined }),
      capability: 'c',
      stage: 'after',
      actionId: 'act_3',
      cause,
    });

    expect(error.toJSON()).toStrictEqual({
      name: 'CapabilityDeniedError',
      code: 'CAPABILITY_DENIED',
      message:
        'Capability `c` denied by policy `p` (after): Refund of $349 exceeds the limit. Policy `p` threw or rejected',
      details: { capability: 'c', stage: 'after', actionId: 'act_3', policyName: 'p', policyVersion: undefined },
      cause: {
        name: 'PolicyEvaluationError',
        code: 'POLICY_ERROR',
        message: 'Policy `p` threw or rejected',
        details: { policyName: 'p', policyVersion: undefined },
        cause: { name: 'Error', message: 'database down' },
      },
    });
  });
});
