import { DECISION_TYPES, isDecisionType } from '@brane/decisions';

describe('DECISION_TYPES', () => {
  it('is exactly the nine types of the decision space, in the documented order', () => {
    expect(DECISION_TYPES).toStrictEqual([
      'allow',
      'deny',
      'approval_required',
      'redact',
      'transform_input',
      'transform_output',
      'route',
      'sandbox',
      'log_only',
    ]);
  });
});

describe('isDecisionType', () => {
  it.each(DECISION_TYPES.map((type) => [type]))('accepts %s', (type) => {
    expect(isDecisionType(type)).toBe(true);
  });

  it.each<[unknown]>([
    ['Allow'],
    ['DENY'],
    ['allowed'],
    ['requires_approval'],
    [' allow'],
    [''],
    ['toString'],
    ['constructor'],
    [undefined],
    [null],
    [0],
    [{ type: 'allow' }],
    [['allow']],
  ])('rejects %p', (value) => {
    expect(isDecisionType(value)).toBe(false);
  });
});
