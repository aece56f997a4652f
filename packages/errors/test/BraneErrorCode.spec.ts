import {
  BRANE_ERROR_CODES,
  type BraneErrorCode,
  type ConfigurationErrorCode,
  type PolicyFailureCode,
} from '@brane/errors';

describe('BRANE_ERROR_CODES', () => {
  it('is the closed set of codes, in order', () => {
    expect(BRANE_ERROR_CODES).toStrictEqual([
      'CAPABILITY_DENIED',
      'POLICY_ERROR',
      'POLICY_TIMEOUT',
      'INVALID_DECISION',
      'ASYNC_POLICY_ON_SYNC_CAPABILITY',
      'INVALID_ARGUMENT',
      'INVALID_OPTIONS',
      'UNKNOWN_TARGET',
      'INVALID_DECORATOR_USAGE',
      'UNRESOLVED_PARAMS',
      'DUPLICATE_CAPABILITY',
      'DUPLICATE_POLICY',
      'ALREADY_GOVERNED',
      'FEATURE_NOT_LOADED',
      'UNGOVERNED_CALL',
      'UNKNOWN_ARGUMENT',
      'APPROVAL_REQUIRED',
      'APPROVAL_REJECTED',
      'APPROVAL_EXPIRED',
      'APPROVAL_PENDING',
      'APPROVAL_NOT_FOUND',
      'APPROVAL_ALREADY_DECIDED',
      'APPROVAL_ALREADY_USED',
      'APPROVAL_WITHDRAWN',
      'APPROVAL_MISMATCH',
      'APPROVAL_TAMPERED',
      'APPROVER_NOT_ALLOWED',
      'APPROVAL_STORE_FAILED',
      'SESSION_STORE_FAILED',
      'SANDBOX_VIOLATION',
      'SANDBOX_TIMEOUT',
      'AUDIT_BUFFER_FULL',
      'AUDIT_WRITE_FAILED',
      'AUDIT_READ_FAILED',
      'LIMIT_STORE_FAILED',
    ]);
  });

  it('has no duplicates and only SCREAMING_SNAKE_CASE codes', () => {
    expect(new Set(BRANE_ERROR_CODES).size).toBe(BRANE_ERROR_CODES.length);
    for (const code of BRANE_ERROR_CODES) expect(code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
  });

  it('contains every policy-failure and configuration code', () => {
    const failures: readonly PolicyFailureCode[] = [
      'POLICY_ERROR',
      'POLICY_TIMEOUT',
      'INVALID_DECISION',
      'ASYNC_POLICY_ON_SYNC_CAPABILITY',
    ];
    const configuration: readonly ConfigurationErrorCode[] = [
      'INVALID_OPTIONS',
      'UNKNOWN_TARGET',
      'INVALID_DECORATOR_USAGE',
      'UNRESOLVED_PARAMS',
      'DUPLICATE_CAPABILITY',
      'DUPLICATE_POLICY',
      'ALREADY_GOVERNED',
      'FEATURE_NOT_LOADED',
    ];
    const all: readonly string[] = BRANE_ERROR_CODES;

    for (const code of [...failures, ...configuration]) expect(all).toContain(code);
  });

  it('types BraneErrorCode as exactly the union of the listed codes', () => {
    // Compile-time checks: an unknown code is rejected by the type.
    // @ts-expect-error -- not a Brane error code
    const unknown: BraneErrorCode = 'NOT_A_CODE';
    // @ts-expect-error -- a configuration code is not a policy-failure code
    const notAFailure: PolicyFailureCode = 'INVALID_OPTIONS';
    // @ts-expect-error -- a policy-failure code is not a configuration code
    const notConfiguration: ConfigurationErrorCode = 'POLICY_ERROR';

    expect([unknown, notAFailure, notConfiguration]).toHaveLength(3);
  });
});
