import fc from 'fast-check';
import { Fingerprinter, MAX_WHOLE_VALUE, forEachToken } from '@brane/sessions';

const tokens = (text: string, distinctiveOnly: boolean, min = 8): string[] => {
  const found: string[] = [];
  forEachToken(text, min, distinctiveOnly, (token) => found.push(token));
  return [...new Set(found)].sort();
};

describe('forEachToken', () => {
  it('finds whole values, words and the parts of URLs and key=value pairs', () => {
    expect(tokens('Send ACC-4411-9920-7731 to jane.doe@example.com.', false)).toEqual([
      'ACC-4411-9920-7731',
      'Send ACC-4411-9920-7731 to jane.doe@example.com.',
      'jane.doe@example.com',
    ]);
    expect(tokens('https://evil.test/collect?acct=ACC-4411-9920', false)).toEqual([
      'ACC-4411-9920',
      'evil.test',
      'https://evil.test/collect?acct=ACC-4411-9920',
    ]);
  });

  it('fingerprints only distinctive tokens of an output: no ordinary words', () => {
    expect(tokens('Dear customer, your statement is ready', true)).toEqual(['Dear customer, your statement is ready']);
    expect(tokens('statement', true)).toEqual([]);
    expect(tokens('correcthorsebatterystaplex', true)).toEqual(['correcthorsebatterystaplex']);
    expect(tokens('key sk_live_4eC39HqLyjWD', true)).toEqual(['key sk_live_4eC39HqLyjWD', 'sk_live_4eC39HqLyjWD']);
    expect(tokens('Jane Henderson', true)).toEqual(['Jane Henderson']); // a whole multi-word value counts
  });

  it('splits at control, zero-width and typographic space characters', () => {
    expect(tokens('x\u0000ACC-4411-9920\u200bY\u2028tail-12345678', false)).toEqual(
      expect.arrayContaining(['ACC-4411-9920', 'tail-12345678']),
    );
  });

  it('fingerprints a long value by its tokens only', () => {
    const long = `${'word '.repeat(MAX_WHOLE_VALUE)}ACC-4411-9920`;
    expect(tokens(long, true)).toEqual(['ACC-4411-9920']);
  });

  it('every token is a piece of the input, at least the minimum long', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), (text, distinctive) => {
        for (const token of tokens(text, distinctive)) {
          expect(token.length).toBeGreaterThanOrEqual(8);
          expect(text.includes(token)).toBe(true);
        }
      }),
    );
  });

  it('finds an embedded distinctive token whatever surrounds it, for hostile text of any content', () => {
    const token = fc
      .string({ unit: fc.constantFrom(...Array.from('abcXYZ0123456789-_@.')), minLength: 8, maxLength: 30 })
      .filter((value) => /^[a-zA-Z0-9]/.test(value) && /[a-zA-Z0-9]$/.test(value) && /[0-9]/.test(value));
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        token,
        fc.string({ unit: 'binary', maxLength: 200 }),
        (before, value, after) => {
          const body = `${before} ${value}, ${after}`;
          expect(tokens(body, false)).toContain(value);
        },
      ),
    );
  });
});

describe('Fingerprinter', () => {
  const fingerprinter = new Fingerprinter({ secret: 's'.repeat(32) });

  it('keys fingerprints per session, compares case-insensitively, and never keeps the value', () => {
    const [a] = fingerprinter.fingerprintOutput('s1', 'ACC-4411-9920');
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(fingerprinter.fingerprintOutput('s1', 'acc-4411-9920')).toEqual([a]);
    expect(fingerprinter.fingerprintOutput('s2', 'ACC-4411-9920')).not.toEqual([a]);
    expect(new Fingerprinter({ secret: 't'.repeat(32) }).fingerprintOutput('s1', 'ACC-4411-9920')).not.toEqual([a]);
    expect(fingerprinter.probe('s1', { body: ['see ACC-4411-9920.'] }).fingerprints.has(a as string)).toBe(true);
  });

  it('walks nested outputs, numbers included, and reports what it could not read', () => {
    expect(
      fingerprinter.fingerprintOutput('s1', { a: [{ b: new Map([['k', 'ACC-4411-9920']]) }], n: 4411992077 }),
    ).toHaveLength(2);
    const hostile = {
      get body(): string {
        throw new Error('nope');
      },
    };
    expect(fingerprinter.probe('s1', hostile).complete).toBe(false);
    let deep: unknown = 'ACC-4411-9920';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(fingerprinter.probe('s1', deep).complete).toBe(false);
    const cyclic: Record<string, unknown> = { v: 'ACC-4411-9920' };
    cyclic['self'] = cyclic;
    expect(fingerprinter.probe('s1', cyclic)).toMatchObject({ complete: true });
  });

  it.each([
    [{ secret: 'short' }, /secret/],
    [{ minTokenLength: 3 }, /minTokenLength/],
    [{ minTokenLength: 8.5 }, /minTokenLength/],
  ])('rejects %p with a typed error', (options, message) => {
    expect(() => new Fingerprinter(options)).toThrow(message);
  });
});
