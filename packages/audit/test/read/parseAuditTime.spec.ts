import { BraneError } from '@brane/errors';
import { filterTime, parseAuditTime } from '../../src/read/parseAuditTime.js';

describe('parseAuditTime', () => {
  it.each([
    ['2026-11-21', '2026-11-21T00:00:00.000Z'],
    ['2026-11-21T10:00', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00:05Z', '2026-11-21T10:00:05.000Z'],
    ['2026-11-21t10:00:05z', '2026-11-21T10:00:05.000Z'],
    ['2026-11-21T10:00:05.250+02:00', '2026-11-21T08:00:05.250Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    [' 2026-11-21 ', '2026-11-21T00:00:00.000Z'],
  ])('reads %p as %p (UTC unless a zone is given)', (value, expected) => {
    expect(new Date(parseAuditTime(value)).toISOString()).toBe(expected);
  });

  it.each([
    ['yesterday'],
    ['Nov 21 2026'],
    ['Sat, 21 Nov 2026 10:00:00 GMT'],
    ['2026/11/21'],
    ['21/11/2026'],
    ['2026-11-21 10:00'],
    ['2026-11'],
    ['2026'],
    ['1'],
    ['1700000000000'],
    ['+002026-11-21T00:00:00Z'],
    ['2026-11-21T10:00:00+0200'],
    ['2026-02-30'],
    ['2026-13-01'],
    ['2026-11-21T25:00Z'],
    [''],
  ])('reads %p as NaN: Date.parse guesses at it, or the day does not exist', (value) => {
    expect(parseAuditTime(value)).toBeNaN();
  });
});

describe('filterTime', () => {
  it('takes a valid Date or an ISO 8601 string', () => {
    expect(filterTime(new Date(5), '`since`')).toBe(5);
    expect(filterTime('1970-01-01T00:00:00.005Z', '`since`')).toBe(5);
  });

  it.each<[unknown]>([['Nov 21 2026'], [new Date(NaN)], [12], [null]])(
    'refuses %p with INVALID_ARGUMENT naming the option and the value',
    (value) => {
      expect(() => filterTime(value, 'queryAuditEvents: `until`')).toThrow(BraneError);
      expect(() => filterTime(value, 'queryAuditEvents: `until`')).toThrow(
        /^queryAuditEvents: `until` must be a valid date: a Date, or an ISO 8601 date or date-time such as 2026-11-21 or 2026-11-21T10:00:00Z \(got .+\)$/,
      );
    },
  );
});
