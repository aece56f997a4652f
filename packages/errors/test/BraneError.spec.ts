import { BRANE_ERROR_CODES, BraneError, type BraneErrorCode } from '@brane/errors';

class CustomError extends BraneError {}

describe('BraneError', () => {
  it('is an Error whose name is the class name and whose code and message are kept', () => {
    const error = new BraneError('INVALID_ARGUMENT', 'bad value `x`');

    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(BraneError);
    expect(error.name).toBe('BraneError');
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('bad value `x`');
    expect(error.stack).toContain('bad value `x`');
  });

  it('takes its name from the subclass that was constructed (new.target)', () => {
    const error = new CustomError('POLICY_ERROR', 'boom');

    expect(error.name).toBe('CustomError');
    expect(error).toBeInstanceOf(CustomError);
    expect(error).toBeInstanceOf(BraneError);
    expect(String(error)).toBe('CustomError: boom');
  });

  it.each(BRANE_ERROR_CODES.map((code) => [code]))('accepts the code %s', (code: BraneErrorCode) => {
    expect(new BraneError(code, 'm').code).toBe(code);
  });

  describe('details', () => {
    it('default to an empty frozen object', () => {
      const error = new BraneError('INVALID_ARGUMENT', 'm');

      expect(error.details).toEqual({});
      expect(Object.isFrozen(error.details)).toBe(true);
    });

    it('are copied and frozen, so mutating the input afterwards changes nothing', () => {
      const details: Record<string, unknown> = { name: 'limit', value: 3 };
      const error = new BraneError('INVALID_OPTIONS', 'm', { details });
      details['name'] = 'changed';
      details['extra'] = true;

      expect(error.details).toEqual({ name: 'limit', value: 3 });
      expect(error.details).not.toBe(details);
      expect(Object.isFrozen(error.details)).toBe(true);
      expect(() => {
        (error.details as Record<string, unknown>)['name'] = 'x';
      }).toThrow(TypeError);
    });
  });

  describe('cause', () => {
    it('is the standard Error cause when given', () => {
      const root = new Error('root');
      const error = new BraneError('POLICY_ERROR', 'm', { cause: root });

      expect(error.cause).toBe(root);
    });

    it('is absent (not even an own property) when not given or undefined', () => {
      expect('cause' in new BraneError('POLICY_ERROR', 'm')).toBe(false);
      expect('cause' in new BraneError('POLICY_ERROR', 'm', { cause: undefined })).toBe(false);
    });

    it('keeps falsy causes other than undefined', () => {
      expect(new BraneError('POLICY_ERROR', 'm', { cause: null }).cause).toBeNull();
      expect(new BraneError('POLICY_ERROR', 'm', { cause: 0 }).cause).toBe(0);
    });
  });

  describe('toJSON', () => {
    it('gives name, code, message and details, and no cause key without a cause', () => {
      const error = new BraneError('INVALID_OPTIONS', 'bad', { details: { where: 'X.m' } });

      expect(error.toJSON()).toStrictEqual({
        name: 'BraneError',
        code: 'INVALID_OPTIONS',
        message: 'bad',
        details: { where: 'X.m' },
      });
    });

    it('serialises a nested BraneError cause with its own toJSON, recursively', () => {
      const innermost = new Error('socket closed');
      const inner = new CustomError('POLICY_ERROR', 'policy threw', { cause: innermost, details: { policy: 'p' } });
      const outer = new BraneError('CAPABILITY_DENIED', 'denied', { cause: inner });

      expect(outer.toJSON()).toStrictEqual({
        name: 'BraneError',
        code: 'CAPABILITY_DENIED',
        message: 'denied',
        details: {},
        cause: {
          name: 'CustomError',
          code: 'POLICY_ERROR',
          message: 'policy threw',
          details: { policy: 'p' },
          cause: { name: 'Error', message: 'socket closed' },
        },
      });
    });

    it('summarises a plain Error cause by name and message only (no stack)', () => {
      const cause = new TypeError('x is not a function');
      const json = new BraneError('POLICY_ERROR', 'm', { cause }).toJSON();

      expect(json['cause']).toStrictEqual({ name: 'TypeError', message: 'x is not a function' });
    });

    it.each<[string, unknown, string]>([
      ['a string', 'plain reason', 'plain reason'],
      ['a number', 42, '42'],
      ['null', null, 'null'],
      ['an object', { a: 1 }, '[object Object]'],
    ])('turns %s cause into a string', (_label, cause, expected) => {
      expect(new BraneError('POLICY_ERROR', 'm', { cause }).toJSON()['cause']).toBe(expected);
    });

    it('is what JSON.stringify uses', () => {
      const error = new BraneError('UNKNOWN_ARGUMENT', 'no arg', { cause: new Error('root') });

      expect(JSON.parse(JSON.stringify(error))).toStrictEqual({
        name: 'BraneError',
        code: 'UNKNOWN_ARGUMENT',
        message: 'no arg',
        details: {},
        cause: { name: 'Error', message: 'root' },
      });
    });
  });
});
