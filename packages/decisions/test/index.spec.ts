import * as decisions from '@brane/decisions';

describe('@brane/decisions entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(decisions).sort()).toStrictEqual([
      'DECISION_TYPES',
      'Decision',
      'ENFORCED_DECISION_TYPES',
      'composeDecisions',
      'composeNext',
      'isDecisionType',
      'isFinalDecision',
      'newUlid',
    ]);
  });
});
