import { ConfigurationError } from '@brane/errors';
import { resolveParams } from '../src/resolveParams';

type AnyFn = (...args: never[]) => unknown;

class Sample {
  plain(customerId: string, amountUsd: number): string {
    return `${customerId}${amountUsd}`;
  }
  defaults(query = ')', /* a comment, with commas */ limit = `${Math.max(1, 2)}`, flags = { a: [1, 2] }): unknown {
    return [query, limit, flags];
  }
  async asyncMethod(a: number): Promise<number> {
    return a;
  }
  *generator(seed: number): Generator<number> {
    yield seed;
  }
  destructured({ query, limit }: { query: string; limit: number }): string {
    return `${query}${limit}`;
  }
  destructuredDefault({ query }: { query?: string } = {}): string | undefined {
    return query;
  }
  none(): void {}
  rest(...lines: string[]): number {
    return lines.length;
  }
  twoObjects({ a }: { a: number }, { b }: { b: number }): number {
    return a + b;
  }
  arrayPattern([first]: string[]): string | undefined {
    return first;
  }
  ['computed-name'](value: string): string {
    return value;
  }
}

/** Methods that use private members: their source alone is not valid outside the class that declares them. */
class WithPrivates {
  #calls = 0;
  static #shared = 'shared';
  #count(): number {
    return ++this.#calls;
  }
  async usesPrivates(tenant: string, callId: number): Promise<string> {
    this.#count();
    return `${tenant}${callId}${WithPrivates.#shared}${#calls in this ? '' : 'never'}`;
  }
}

describe('resolveParams', () => {
  it.each<[string, AnyFn, readonly string[]]>([
    ['a method', Sample.prototype.plain, ['customerId', 'amountUsd']],
    ['defaults with parentheses, commas and comments', Sample.prototype.defaults, ['query', 'limit', 'flags']],
    ['an async method', Sample.prototype.asyncMethod, ['a']],
    ['a generator method', Sample.prototype.generator, ['seed']],
    ['a method with a computed name', Sample.prototype['computed-name'], ['value']],
    ['a method that uses private fields and methods', WithPrivates.prototype.usesPrivates, ['tenant', 'callId']],
    ['no parameters', Sample.prototype.none, []],
    ['an arrow function', (a: number, b: number) => a + b, ['a', 'b']],
    ['an arrow without parentheses', (x: number) => x, ['x']],
    ['an async arrow', async (id: string) => id, ['id']],
    [
      'a function expression',
      function named(first: string, second?: string) {
        return first + (second ?? '');
      },
      ['first', 'second'],
    ],
  ])('names the positional parameters of %s', (_label, fn, names) => {
    expect(resolveParams(fn, 'here')).toEqual({ kind: 'positional', names });
  });

  it.each<[string, AnyFn, readonly string[] | undefined]>([
    ['one destructured object', Sample.prototype.destructured, ['query', 'limit']],
    ['one destructured object with a default', Sample.prototype.destructuredDefault, ['query']],
    ['a destructuring arrow', ({ q }: { q: string }) => q, ['q']],
    [
      'renamed and defaulted keys',
      ({ q: text = '', limit: n = 5 }: { q?: string; limit?: number }) => [text, n],
      ['q', 'limit'],
    ],
    ['quoted and numeric keys', ({ 'a-b': x, 1: y }: { 'a-b': string; 1: string }) => x + y, ['1', 'a-b']],
    ['a nested pattern', ({ filter: { tag } }: { filter: { tag: string } }) => tag, ['filter']],
    ['a rest element: any key', ({ q, ...rest }: Record<string, unknown>) => [q, rest], undefined],
    ['only a rest element: any key', ({ ...input }: Record<string, unknown>) => input, undefined],
    ['a computed key: any key', ({ ['k'.toUpperCase()]: v }: Record<string, unknown>) => v, undefined],
    // eslint-disable-next-line no-empty-pattern -- the shape under test
    ['an empty pattern', ({}: Record<string, never>) => 1, []],
  ])('takes the keys of %s', (_label, fn, keys) => {
    const resolved = resolveParams(fn, 'here');

    expect(resolved.kind).toBe('object');
    const got = resolved.kind === 'object' ? resolved.keys : [];
    expect(got === undefined ? undefined : [...got].sort()).toEqual(keys === undefined ? undefined : [...keys].sort());
  });

  it.each<[string, AnyFn, RegExp]>([
    ['a rest parameter', Sample.prototype.rest, /has a rest parameter/],
    ['two destructured objects', Sample.prototype.twoObjects, /has a destructured parameter/],
    ['an array pattern', Sample.prototype.arrayPattern, /has a destructured parameter/],
    ['a native function', Math.max, /its source cannot be read/],
    ['a bound function', Sample.prototype.plain.bind(new Sample()), /its source cannot be read/],
  ])('cannot name %s', (_label, fn, why) => {
    let error: unknown;
    try {
      resolveParams(fn, '@Capability on `x`');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'UNRESOLVED_PARAMS' });
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toMatch(/^@Capability on `x`: cannot name the arguments.*`params`/);
  });
});
