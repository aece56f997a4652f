import * as decisions from '@brane/decisions';

describe('@brane/decisions entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(decisions).sort()).toStrictEqual([
      'DECISION_PRECEDENCE',
      'DECISION_TYPES',
      'DEFAULT_APPROVAL_EXPIRY_MS',
      'DEFAULT_LEASE_MS',
      'DEFAULT_MASK',
      'Decision',
      'LIMIT_KEY_MAX_LENGTH',
      'MAX_LABELS',
      'MAX_WINDOW_MS',
      // For the policy engine (`@internal`): exported here, since a second entry would bundle its own Decision.
      'attributedAsChecked',
      'checkedLabelsOf', // `@internal`, as above
      'composeDecisions',
      'composeNext',
      'copyData',
      'effectsOf',
      'hostAllowed',
      'intersectSandbox',
      'isDataLabel',
      'isDecisionType',
      'isFinalDecision',
      'isPlainArray',
      'isPlainObject',
      'mergeApprovals',
      'newUlid',
      'outranks',
      'parseLabels',
      'parseRedactionPath',
      'parseWindow',
      'pathAllowed',
      'reservedLimitsOf', // `@internal`, as above
      'unionLabels',
      'validateLimit',
      'validateSandbox',
    ]);
  });
});
