import { BraneError } from '@brane/errors';
import { invalidArgument, optionalText, requireObject, requireText } from '../src/checkInput';

describe('checkInput', () => {
  it('invalidArgument names the argument, what it must be and what it got', () => {
    const error = invalidArgument('request.reason', 'a string', 5);

    expect(error).toBeInstanceOf(BraneError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { argument: 'request.reason' } });
    expect(error.message).toBe('`request.reason` must be a string (got `5`)');
  });

  it('requireText returns a non-empty string and refuses anything else', () => {
    expect(requireText('x', 'name')).toBe('x');
    expect(() => requireText('', 'name')).toThrow('`name` must be a non-empty string (got `""`)');
    expect(() => requireText(undefined, 'name')).toThrow('`name` must be a non-empty string (got `undefined`)');
  });

  it('optionalText also accepts undefined', () => {
    expect(optionalText(undefined, 'tenantId')).toBeUndefined();
    expect(optionalText('acme', 'tenantId')).toBe('acme');
    expect(() => optionalText(3, 'tenantId')).toThrow('`tenantId` must be a non-empty string');
  });

  it('requireObject accepts objects but not null or arrays', () => {
    const value = { a: 1 };

    expect(requireObject(value, 'args')).toBe(value);
    expect(() => requireObject(null, 'args')).toThrow('`args` must be an object (got `null`)');
    expect(() => requireObject([], 'args')).toThrow('`args` must be an object (got an array of 0)');
  });
});
