import { BraneError } from '@brane/errors';
import fc from 'fast-check';
import { thrownText } from '../src/thrownText.js';

describe('thrownText', () => {
  it("quotes a Brane error's code and message, which name the mistake", () => {
    expect(thrownText(new BraneError('UNKNOWN_ARGUMENT', "no argument 'amount'"))).toBe(
      "BraneError (UNKNOWN_ARGUMENT): no argument 'amount'",
    );
  });

  it('names any other error by its class only, and says where it is', () => {
    expect(thrownText(new TypeError('password hunter2'))).toBe(
      'TypeError; it is `error.cause.cause`; its message is not copied here, as it may quote secrets',
    );
    expect(thrownText('hunter2')).toBe(
      'a value that is not an Error; it is `error.cause.cause`; its message is not copied here, as it may quote secrets',
    );
    const hostile = new BraneError('INVALID_ARGUMENT', 'x');
    Object.defineProperty(hostile, 'message', {
      get(): never {
        throw new Error('no');
      },
    });
    expect(thrownText(hostile)).toMatch(/^an error whose name or message cannot be read/);
  });

  it('is one bounded line for any Brane error message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (message) => {
        const text = thrownText(new BraneError('INVALID_ARGUMENT', message));
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(text.length).toBeLessThanOrEqual(500 + 64);
      }),
    );
  });
});
