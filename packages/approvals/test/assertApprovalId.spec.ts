import { APPROVAL_ID_PATTERN, assertApprovalId } from '@brane/approvals';
import { BraneError } from '@brane/errors';

describe('assertApprovalId', () => {
  it.each([['01HZX0000000000000000000AA'], ['a'], ['under_score-dash'], ['x'.repeat(128)]])('accepts %p', (id) => {
    expect(() => {
      assertApprovalId(id);
    }).not.toThrow();
    expect(APPROVAL_ID_PATTERN.test(id)).toBe(true);
  });

  it.each([[''], ['../secret.key'], ['/abs'], ['a b'], ['a.json'], ['x'.repeat(129)], ['é'], [null], [7]])(
    'refuses %p with INVALID_ARGUMENT',
    (id) => {
      expect(() => {
        assertApprovalId(id);
      }).toThrow(BraneError);
      expect(() => {
        assertApprovalId(id);
      }).toThrow(/`id` must be an approval id: 1 to 128 letters, digits, `_` or `-`/);
    },
  );

  it('names the label it is given', () => {
    expect(() => {
      assertApprovalId('../x', 'record.id');
    }).toThrow('`record.id` must be an approval id: 1 to 128 letters, digits, `_` or `-` (got `"../x"`)');
  });
});
