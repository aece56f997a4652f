import * as errors from '@brane/errors';

describe('@brane/errors entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(errors).sort()).toStrictEqual([
      'ApprovalError',
      'ApprovalExpiredError',
      'ApprovalRejectedError',
      'ApprovalRequiredError',
      'AuditError',
      'BRANE_ERROR_CODES',
      'BraneError',
      'CapabilityDeniedError',
      'ConfigurationError',
      'MAX_CUT_MARKER_LENGTH',
      'MAX_TEXT_LENGTH',
      'PolicyEvaluationError',
      'SandboxTimeoutError',
      'SandboxViolationError',
      'boundText',
      'describeValue',
      'escapeForTerminal',
    ]);
  });
});
