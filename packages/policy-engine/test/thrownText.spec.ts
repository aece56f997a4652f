import { BraneError } from '@brane/errors';
import fc from 'fast-check';
import { thrownText } from '../src/thrownText.js';

describe('thrownText', () => {
  it('names the error, its code and its message', () => {
    expect(thrownText(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(thrownText(new BraneError('UNKNOWN_ARGUMENT', "no argument 'amount'"))).toBe(
      "BraneError (UNKNOWN_ARGUMENT): no argument 'amount'",
    );
    expect(thrownText('boom')).toBe('a non-error, `"boom"`');
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', {
      get(): never {
        throw new Error('no');
      },
    });
    expect(thrownText(hostile)).toBe('an error whose name or message cannot be read');
  });

  it('is one bounded line for any message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (message) => {
        const text = thrownText(new Error(message));
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(text.length).toBeLessThanOrEqual(500 + 64);
      }),
    );
  });
});
