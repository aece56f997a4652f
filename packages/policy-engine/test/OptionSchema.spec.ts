import { option, parseOptions } from '@brane/policy-engine';
import { thrownBy } from './fixtures';

const schema = option.strictObject({
  count: option.number().int().min(4).max(10).optional(),
  ratio: option.number().positive().optional(),
  name: option.string().min(1).max(5).regex(/^\S+$/, 'must not contain spaces').optional(),
  mode: option.enum(['a', 'b']).optional(),
  tags: option.array(option.string()).min(1, 'must list a tag').max(2).optional(),
  secret: option
    .union([option.string().min(32), option.instanceOf(Uint8Array).refine((bytes) => bytes.length >= 32)])
    .optional(),
  route: option.union([option.string(), option.literal(false)]).optional(),
  handler: option.function().optional(),
  metadata: option.record().optional(),
  signal: option.instanceOf(AbortSignal, 'must be an AbortSignal').optional(),
  even: option
    .number()
    .refine((value) => value % 2 === 0, 'must be even')
    .optional(),
  nested: option.strictObject({ flag: option.boolean() }).optional(),
});

/** The problems `value` has, as `parseOptions` words them (the messages zod gave). */
function problems(value: unknown): string {
  return thrownBy(() => parseOptions(schema, value, 'W')).message.replace(/^W: /, '');
}

describe('OptionSchema', () => {
  it.each<[string, unknown, string]>([
    ['a fraction for an int', { count: 4.5 }, '`count` expected int, received number'],
    ['NaN', { count: Number.NaN }, '`count` expected number, received NaN'],
    ['Infinity', { ratio: Infinity }, '`ratio` expected number, received Infinity'],
    ['a number under min', { count: 3 }, '`count` Too small: expected number to be >=4 (got `3`)'],
    ['a number over max', { count: 11 }, '`count` Too big: expected number to be <=10 (got `11`)'],
    ['zero for positive', { ratio: 0 }, '`ratio` Too small: expected number to be >0 (got `0`)'],
    [
      'an empty string, with every check it fails',
      { name: '' },
      '`name` Too small: expected string to have >=1 characters (got `""`); `name` must not contain spaces (got `""`)',
    ],
    ['a long string', { name: 'abcdef' }, '`name` Too big: expected string to have <=5 characters (got `"abcdef"`)'],
    ['a string off its pattern', { name: 'a b' }, '`name` must not contain spaces (got `"a b"`)'],
    ['an unknown enum value', { mode: 'c' }, '`mode` expected one of "a"|"b" (got `"c"`)'],
    ['a short array', { tags: [] }, '`tags` must list a tag (got an array of 0)'],
    ['a long array', { tags: ['a', 'b', 'c'] }, '`tags` Too big: expected array to have <=2 items (got an array of 3)'],
    ['a bad item, with its index', { tags: ['a', 1] }, '`tags.1` expected string, received number'],
    [
      'a short string in a union',
      { secret: 'short' },
      '`secret` Too small: expected string to have >=32 characters (got `"short"`)',
    ],
    [
      'a refinement in a union',
      { secret: new Uint8Array(3) },
      '`secret` Invalid input (got an instance of `Uint8Array`)',
    ],
    ['no option of a union', { secret: 5 }, '`secret` Invalid input (got `5`)'],
    ['a literal', { route: true }, '`route` Invalid input (got `true`)'],
    ['not a function', { handler: 1 }, '`handler` expected function, received number'],
    ['an array for a record', { metadata: [] }, '`metadata` expected record, received array'],
    ['not an instance', { signal: {} }, '`signal` must be an AbortSignal (got a plain object)'],
    ['a refinement', { even: 3 }, '`even` must be even (got `3`)'],
    ['a missing nested key', { nested: {} }, '`nested.flag` expected boolean, received undefined'],
    ['null', null, 'expected object, received null'],
  ])('names %s', (_label, value, expected) => {
    expect(problems(value)).toBe(expected);
  });

  it('skips a refinement when the value already has a problem', () => {
    expect(problems({ even: 'x' })).toBe('`even` expected number, received string');
  });

  it('keeps the keys given, copied, and drops none of them', () => {
    const tags = ['a'];
    const parsed = parseOptions(schema, { tags, route: false, secret: undefined }, 'W');

    expect(parsed).toStrictEqual({ tags: ['a'], route: false, secret: undefined });
    expect(parsed.tags).not.toBe(tags);
  });
});

describe('option.strictObject reads own fields only', () => {
  class Options {
    constructor(readonly name: string) {}
  }
  class Inherited {
    get name(): string {
      return 'abc';
    }
  }

  it('takes own fields, of an object literal, one without a prototype, or a class instance', () => {
    expect(parseOptions(schema, { name: 'abc' }, 'W')).toEqual({ name: 'abc' });
    expect(parseOptions(schema, Object.assign(Object.create(null), { name: 'abc' }), 'W')).toEqual({ name: 'abc' });
    expect(parseOptions(schema, new Options('abc'), 'W')).toEqual({ name: 'abc' });
  });

  it('refuses a field a prototype holds, naming it, rather than dropping it or reading it', () => {
    expect(problems(Object.create({ name: 'abc' }))).toBe(
      '`name` is inherited from a prototype: options are read from own fields only',
    );
    expect(problems(new Inherited())).toBe(
      '`name` is inherited from a prototype: options are read from own fields only',
    );
  });

  it('never reads a field of a polluted Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['name'] = 'mallory';
    try {
      expect(parseOptions(schema, {}, 'W')).toEqual({});
      expect(Object.hasOwn(parseOptions(schema, {}, 'W'), 'name')).toBe(false);
    } finally {
      delete proto['name'];
    }
  });

  it.each<[string, unknown, string]>([
    [
      'a promise',
      Promise.resolve({ name: 'abc' }),
      'expected an object of options, received a promise (await it first)',
    ],
    ['a thenable', { then: () => undefined }, 'expected an object of options, received a promise (await it first)'],
    ['a Map', new Map([['name', 'abc']]), 'expected an object of options, received an instance of `Map`'],
    ['a Set', new Set(['name']), 'expected an object of options, received an instance of `Set`'],
  ])('refuses %s rather than reading it as no options', (_label, value, message) => {
    expect(problems(value)).toBe(message);
  });
});
