import { BraneError, PolicyEvaluationError, type PolicyFailureCode } from '@brane/errors';

describe('PolicyEvaluationError', () => {
  it.each<[PolicyFailureCode]>([
    ['POLICY_ERROR'],
    ['POLICY_TIMEOUT'],
    ['INVALID_DECISION'],
    ['ASYNC_POLICY_ON_SYNC_CAPABILITY'],
  ])('is a BraneError carrying the failure code %s', (code) => {
    const error = new PolicyEvaluationError(code, 'Policy `limit` failed', { policyName: 'limit' });

    expect(error).toBeInstanceOf(BraneError);
    expect(error.name).toBe('PolicyEvaluationError');
    expect(error.code).toBe(code);
    expect(error.message).toBe('Policy `limit` failed');
  });

  it('records the policy name and version as fields and details', () => {
    const root = new RangeError('out of range');
    const error = new PolicyEvaluationError('POLICY_ERROR', 'm', {
      policyName: 'limit',
      policyVersion: '2.1',
      cause: root,
      details: { capability: 'refund_customer', stage: 'before' },
    });

    expect(error.policyName).toBe('limit');
    expect(error.policyVersion).toBe('2.1');
    expect(error.cause).toBe(root);
    expect(error.details).toStrictEqual({
      policyName: 'limit',
      policyVersion: '2.1',
      capability: 'refund_customer',
      stage: 'before',
    });
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it('leaves the version undefined when the policy declared none', () => {
    const error = new PolicyEvaluationError('POLICY_TIMEOUT', 'm', { policyName: 'slow' });

    expect(error.policyVersion).toBeUndefined();
    expect(error.details).toStrictEqual({ policyName: 'slow', policyVersion: undefined });
    expect('cause' in error).toBe(false);
  });
});
