import { BraneError, ConfigurationError } from '@brane/errors';
import { resolveNames } from '../src/capabilityNames.js';

describe('resolveNames', () => {
  it('names positional arguments, or the keys of one destructured object, or any key for a rest pattern', () => {
    const positional = resolveNames({}, (a: number, b: number) => a + b, 'here');
    const object = resolveNames({}, ({ q, n = 1 }: { q: string; n?: number }) => [q, n], 'here');
    const rest = resolveNames({}, ({ ...input }: object) => input, 'here');

    expect([positional.params, positional.keys()]).toEqual([['a', 'b'], undefined]);
    expect([object.params, object.keys()]).toEqual([undefined, ['q', 'n']]);
    expect([rest.params, rest.keys()]).toEqual([undefined, undefined]);
  });

  it('reads a `keys` function at each check, and checks what it returns', () => {
    let current: unknown = ['path'];
    const names = resolveNames({ keys: () => current as string[] }, ({ ...input }: object) => input, 'here');

    expect(names.keys()).toEqual(['path']);
    current = ['path', 'mode'];
    expect(names.keys()).toEqual(['path', 'mode']);
    current = undefined;
    expect(names.keys()).toBeUndefined();
    current = 'path';
    expect(() => names.keys()).toThrow(BraneError);
    expect(() => names.keys()).toThrow(/must return key names or undefined \(got `"path"`\)/);
    current = ['__proto__'];
    expect(() => names.keys()).toThrow(/must return key names/);
  });

  it('never lets a `keys` function drop a key the pattern names, nor open a closed pattern', () => {
    let current: string[] | undefined = ['q'];
    const names = resolveNames({ keys: () => current }, ({ q, n }: { q: string; n: number }) => [q, n], 'here');

    expect(() => names.keys()).toThrow(/leaves out `n`/);
    current = undefined;
    expect(names.keys()).toEqual(['q', 'n']);
  });

  it.each<[string, object, ((...args: never[]) => unknown) | undefined, RegExp]>([
    ['`keys` with `params`', { params: ['a'], keys: ['a'] }, undefined, /give `params` .* or `keys` .*, not both/],
    ['`keys` on positional arguments', { keys: ['a'] }, (a: number) => a, /takes positional arguments \(a\)/],
    [
      '`keys` leaving out a key of the pattern',
      { keys: ['q'] },
      ({ q, n }: { q: string; n: number }) => [q, n],
      /leaves out `n`/,
    ],
  ])('refuses %s with a ConfigurationError', (_label, options, fn, message) => {
    expect(() => resolveNames(options, fn, 'here')).toThrow(ConfigurationError);
    expect(() => resolveNames(options, fn, 'here')).toThrow(message);
  });
});
