import fc from 'fast-check';
import { propertyParameters } from '../../../test/reliability/propertyRuns';
import { boundText } from '../src/boundText';

describe('boundText', () => {
  it('keeps a text within the bound as it is', () => {
    expect(boundText('Refund denied', 100)).toEqual({ text: 'Refund denied', cut: false });
  });

  it('cuts a longer text and says how much was cut', () => {
    expect(boundText('x'.repeat(5_000_000), 10)).toEqual({
      text: `${'x'.repeat(10)}… [cut: 4999990 more characters]`,
      cut: true,
    });
  });

  it('never splits a surrogate pair, and never exceeds the bound plus its note', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const { text: bounded, cut } = boundText(text, max);
        expect(cut).toBe(text.length > max);
        const kept = cut ? bounded.slice(0, bounded.indexOf('… [cut: ')) : bounded;
        expect(kept.length).toBeLessThanOrEqual(max);
        expect(text.startsWith(kept)).toBe(true);
        const last = kept.charCodeAt(kept.length - 1);
        if (cut) expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }),
      propertyParameters(500),
    );
  });
});
