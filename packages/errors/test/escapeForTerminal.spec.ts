import { BraneError, escapeForTerminal } from '@brane/errors';

describe('escapeForTerminal', () => {
  it.each([
    ['a newline, a carriage return and a tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    [
      'ANSI sequences: erase line, cursor up, conceal',
      'x\x1b[2K\x1b[1A\x1b[8mhidden',
      'x\\x1b[2K\\x1b[1A\\x1b[8mhidden',
    ],
    [
      'an OSC 8 hyperlink ended by BEL',
      '\x1b]8;;https://evil\x07click\x1b]8;;\x07',
      '\\x1b]8;;https://evil\\x07click\\x1b]8;;\\x07',
    ],
    ['one-byte CSI and OSC (C1), DEL and NUL', '\x9b2K\x9d0;t\x7f\x00', '\\x9b2K\\x9d0;t\\x7f\\x00'],
    [
      'bidi overrides and isolates',
      'pay \u202e52$\u202c \u2066x\u2069 \u200f\u061c',
      'pay \\u202e52$\\u202c \\u2066x\\u2069 \\u200f\\u061c',
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c\u0085d', 'a\\u2028b\\u2029c\\x85d'],
  ])('escapes %s', (_what, text, escaped) => {
    expect(escapeForTerminal(text)).toBe(escaped);
  });

  it('keeps printable text of any script, emoji sequences and backslashes as they are', () => {
    const text = 'Résumé 東京 مرحبا 👩‍👩‍👧 \\n is two characters ~!@#$%^&*()';
    expect(escapeForTerminal(text)).toBe(text);
  });

  it('returns one line with no character a terminal acts on, whatever the input', () => {
    const everyCode = Array.from({ length: 0x3000 }, (_, code) => String.fromCharCode(code)).join('');
    const escaped = escapeForTerminal(everyCode);
    // eslint-disable-next-line no-control-regex -- what must not remain
    expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/);
    expect(escapeForTerminal(escaped)).toBe(escaped);
  });

  it('refuses a value that is not a string, naming it', () => {
    expect(() => escapeForTerminal(42 as unknown as string)).toThrow(BraneError);
    expect(() => escapeForTerminal(undefined as unknown as string)).toThrow(
      /`text` must be a string \(got `undefined`\)/,
    );
  });
});
