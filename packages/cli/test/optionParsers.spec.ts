import { InvalidArgumentError } from 'commander';
import { isoTime, nonBlank, positiveInteger } from '../src/optionParsers';

describe('positiveInteger', () => {
  it.each([
    ['1', 1],
    ['20', 20],
    [' 7 ', 7],
  ])('reads %p as %p', (value, expected) => {
    expect(positiveInteger(value)).toBe(expected);
  });

  it.each([['0'], ['-3'], ['2.5'], ['1e3'], ['ten'], [''], ['99999999999999999999']])('refuses %p', (value) => {
    expect(() => positiveInteger(value)).toThrow(new InvalidArgumentError('Expected a positive integer.'));
  });
});

describe('isoTime', () => {
  it.each([
    ['2026-11-21', '2026-11-21T00:00:00.000Z'],
    ['2026-11-21T10:00', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00:05Z', '2026-11-21T10:00:05.000Z'],
    ['2026-11-21T10:00:05.250+02:00', '2026-11-21T08:00:05.250Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %p as %p (UTC unless a zone is given)', (value, expected) => {
    expect(isoTime(value)).toBe(expected);
  });

  it.each([
    ['yesterday'],
    ['2026-02-30'],
    ['2026-13-01'],
    ['2026-11-21T25:00Z'],
    ['21/11/2026'],
    ['1700000000000'],
    [''],
  ])('refuses %p', (value) => {
    expect(() => isoTime(value)).toThrow(/^Expected an ISO 8601 date or date-time, such as 2026-11-21T10:00:00Z\.$/);
  });
});

describe('nonBlank', () => {
  it('trims the value', () => {
    expect(nonBlank('  maria@finance ')).toBe('maria@finance');
  });

  it.each([[''], ['   ']])('refuses %p', (value) => {
    expect(() => nonBlank(value)).toThrow('Expected a non-empty value.');
  });
});
