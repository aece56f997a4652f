import { describeValue } from '@brane/errors';

class Widget {}
const anonymousClassInstance = new (class {})();
function namedFunction(): void {
  // a named function
}

const sixty = 'a'.repeat(60);
const sixtyOne = 'b'.repeat(61);

describe('describeValue', () => {
  it.each<[string, unknown, string]>([
    ['a short string, quoted', 'alow', '`"alow"`'],
    ['the empty string', '', '`""`'],
    ['a string with quotes, escaped as JSON', 'say "hi"', '`"say \\"hi\\""`'],
    ['a string of exactly 60 characters, whole', sixty, `\`"${sixty}"\``],
    ['a string of 61 characters, cut to 57 plus an ellipsis', sixtyOne, `\`"${'b'.repeat(57)}..."\``],
    ['an integer', 42, '`42`'],
    ['a negative float', -1.5, '`-1.5`'],
    ['NaN', NaN, '`NaN`'],
    ['Infinity', Infinity, '`Infinity`'],
    ['a bigint', 10n, '`10`'],
    ['true', true, '`true`'],
    ['undefined', undefined, '`undefined`'],
    ['null', null, '`null`'],
    ['a symbol with a description', Symbol('secret'), '`Symbol(secret)`'],
    ['a symbol without a description', Symbol(), '`Symbol()`'],
    ['a named function', namedFunction, 'a function `namedFunction`'],
    ['an anonymous function', [() => 1][0], 'a function'],
    ['a class (a function)', Widget, 'a function `Widget`'],
    ['an empty array', [], 'an array of 0'],
    ['an array', [1, 2, 3], 'an array of 3'],
    ['a plain object', { secret: 'hunter2' }, 'a plain object'],
    ['a null-prototype object', Object.create(null) as object, 'a plain object'],
    ['a class instance', new Widget(), 'an instance of `Widget`'],
    ['a built-in instance', new Map(), 'an instance of `Map`'],
    ['a date', new Date(0), 'an instance of `Date`'],
    ['an instance of an anonymous class', anonymousClassInstance, 'an object'],
    [
      'an object whose prototype has no constructor',
      Object.create(Object.create(null) as object) as object,
      'an object',
    ],
  ])('describes %s', (_label, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('never exceeds 60 characters of a string, so secrets and huge values stay out of messages', () => {
    const described = describeValue('x'.repeat(10_000));

    expect(described).toHaveLength(60 + 4); // the cut string, two quotes and two backticks
    expect(described.endsWith('..."`')).toBe(true);
  });

  it('never includes the contents of objects', () => {
    expect(describeValue({ password: 'hunter2' })).not.toContain('hunter2');
    expect(describeValue(['hunter2'])).not.toContain('hunter2');
  });
});
