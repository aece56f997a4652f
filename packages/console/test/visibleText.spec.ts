import { clippedText, visibleText } from '../src/visibleText';

describe('visibleText', () => {
  it.each([
    ['plain', 'plain'],
    ['bidi\u202Eoverride', 'bidi\\u{202E}override'],
    ['zero\u200Bwidth', 'zero\\u{200B}width'],
    ['line\nbreak\r\u2028', 'line\\u{000A}break\\u{000D}\\u{2028}'],
    ['\u001b[31mred', '\\u{001B}[31mred'],
    [{ a: 1 }, '{"a":1}'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('shows %j as %j', (value, shown) => {
    expect(visibleText(value)).toBe(shown);
  });

  it('survives a value JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(visibleText(cyclic)).toBe('object');
    expect(visibleText(10n)).toBe('bigint');
  });

  it('clips long text and says how much was cut', () => {
    expect(clippedText('x'.repeat(30), 10)).toBe(`${'x'.repeat(10)} … [cut 20 characters]`);
    expect(clippedText('short', 10)).toBe('short');
  });
});
