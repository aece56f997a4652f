import { ConfigurationError } from '@brane/errors';
import { option, parseOptions } from '@brane/policy-engine';
import { thrownBy } from './fixtures';

const schema = option.strictObject({
  limit: option.number().int().positive(),
  label: option.string().optional(),
  nested: option.strictObject({ flag: option.boolean() }).optional(),
});

describe('parseOptions', () => {
  it('returns a copy of the keys given', () => {
    const given = { limit: 3, nested: { flag: true } };
    const parsed = parseOptions(schema, given, 'here');

    expect(parsed).toStrictEqual(given);
    expect(parsed).not.toBe(given);
    expect(parsed.nested).not.toBe(given.nested);
  });

  it('throws a ConfigurationError with INVALID_OPTIONS, prefixed by where the options were given', () => {
    const error = thrownBy(() => parseOptions(schema, { limit: 'three' }, '@Capability on `Agent.run`'));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toBe('@Capability on `Agent.run`: `limit` expected number, received string');
    expect(error.details).toStrictEqual({
      where: '@Capability on `Agent.run`',
      problems: ['`limit` expected number, received string'],
    });
  });

  it.each<[string, unknown, string]>([
    ['one unknown key', { limit: 1, extra: true }, 'unknown option `extra`'],
    ['several unknown keys', { limit: 1, a: 1, b: 2 }, 'unknown options `a`, `b`'],
    [
      'an unknown nested key, with its path',
      { limit: 1, nested: { flag: true, x: 1 } },
      '`nested`: unknown option `x`',
    ],
    ['a nested path, dotted', { limit: 1, nested: { flag: 'yes' } }, '`nested.flag` expected boolean, received string'],
    ['a root problem, without a path', 42, 'expected object, received number'],
    ['a missing required key', {}, '`limit` expected number, received undefined'],
    [
      'a non-"Invalid input" message, kept whole, naming the value',
      { limit: -1 },
      '`limit` Too small: expected number to be >0 (got `-1`)',
    ],
  ])('formats %s', (_label, value, problem) => {
    const error = thrownBy(() => parseOptions(schema, value, 'W'));

    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toBe(`W: ${problem}`);
  });

  it('joins several problems with semicolons, in order', () => {
    const error = thrownBy(() => parseOptions(schema, { limit: 1.5, label: 2, zap: 0 }, 'W'));

    expect(error.message).toBe(
      'W: `limit` expected int, received number; `label` expected string, received number; unknown option `zap`',
    );
    expect(error.details['problems']).toHaveLength(3);
  });

  it('names the value of an enum problem', () => {
    const error = thrownBy(() =>
      parseOptions(option.strictObject({ mode: option.enum(['a', 'b']) }), { mode: 'c' }, 'W'),
    );

    expect(error.message).toBe('W: `mode` expected one of "a"|"b" (got `"c"`)');
  });
});
