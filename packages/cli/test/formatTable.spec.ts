import { formatTable } from '../src/formatTable';

describe('formatTable', () => {
  it('aligns columns two spaces apart, without padding the last one', () => {
    expect(
      formatTable(
        ['NAME', 'RISK', 'NOTE'],
        [
          ['refund_customer', 'high', 'x'],
          ['search', 'low', ''],
        ],
      ),
    ).toBe(['NAME             RISK  NOTE', 'refund_customer  high  x', 'search           low'].join('\n'));
  });

  it('prints the header alone when there are no rows', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A  B');
  });
});
