import { BraneError, ConfigurationError, type ConfigurationErrorCode } from '@brane/errors';

describe('ConfigurationError', () => {
  it.each<[ConfigurationErrorCode]>([
    ['INVALID_OPTIONS'],
    ['UNKNOWN_TARGET'],
    ['INVALID_DECORATOR_USAGE'],
    ['UNRESOLVED_PARAMS'],
    ['DUPLICATE_CAPABILITY'],
    ['DUPLICATE_POLICY'],
    ['ALREADY_GOVERNED'],
    ['FEATURE_NOT_LOADED'],
  ])('is a BraneError carrying the configuration code %s', (code) => {
    const error = new ConfigurationError(code, '@BeforeCapability on `P.m`: bad');

    expect(error).toBeInstanceOf(BraneError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.name).toBe('ConfigurationError');
    expect(error.code).toBe(code);
    expect(error.message).toBe('@BeforeCapability on `P.m`: bad');
  });

  it('passes details and cause to BraneError', () => {
    const cause = new Error('zod');
    const error = new ConfigurationError('INVALID_OPTIONS', 'm', { cause, details: { where: 'P.m' } });

    expect(error.cause).toBe(cause);
    expect(error.details).toStrictEqual({ where: 'P.m' });
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it('accepts only configuration codes (type level)', () => {
    // @ts-expect-error -- CAPABILITY_DENIED is not a configuration code
    const error = new ConfigurationError('CAPABILITY_DENIED', 'm');

    expect(error.code).toBe('CAPABILITY_DENIED');
  });
});
