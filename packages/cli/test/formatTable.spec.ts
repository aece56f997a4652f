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

  it('bounds every cell, saying how much was cut (security review, finding 10)', () => {
    const table = formatTable(['ID', 'REASON'], [['a1', `No customer ${'x'.repeat(5_000_000)}`]]);

    expect(table).toBe(`ID  REASON\na1  No customer ${'x'.repeat(1988)} … [cut 4,998,012 characters]`);
  });

  it('escapes every cell, and measures the columns as printed (security review, finding 4)', () => {
    const table = formatTable(
      ['NAME', 'NOTE'],
      [
        ['a\nb', 'x\x1b[1A'],
        ['c', 'y'],
      ],
    );

    expect(table).toBe(['NAME  NOTE', 'a\\nb  x\\x1b[1A', 'c     y'].join('\n'));
  });
});
