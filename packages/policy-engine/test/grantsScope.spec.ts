import { BraneError } from '@brane/errors';
import { grantsScope, isValidScope } from '@brane/policy-engine';

describe('grantsScope', () => {
  it.each<[readonly string[], string, boolean]>([
    [['refunds:create'], 'refunds:create', true],
    [['refunds:create'], 'refunds:Create', false],
    [['refunds:create'], 'refunds', false],
    [['refunds'], 'refunds:create', false],
    [['refunds:*'], 'refunds:create', true],
    [['refunds:*'], 'refunds:create:partial', true],
    [['refunds:*'], 'refunds', false],
    [['refunds:*'], 'refundsx:create', false],
    [['refunds:*'], 'x:refunds:create', false],
    [['refunds:create:*'], 'refunds:create:partial', true],
    [['refunds:create:*'], 'refunds:void', false],
    [['refunds:*'], 'refunds:*', true],
    [['*'], 'refunds:create', true],
    [['*'], '*', true],
    [[], 'refunds:create', false],
    [['billing:read', 'refunds:*'], 'refunds:create', true],
    [['billing:read', 'email:send'], 'refunds:create', false],
  ])('granted %p, required %p -> %p', (granted, required, expected) => {
    expect(grantsScope(granted, required)).toBe(expected);
  });

  it.each<[string, unknown, unknown]>([
    ['a string of grants', 'refunds:*', 'admin:delete'],
    ['undefined grants', undefined, 'refunds:create'],
    ['a non-string required scope', ['*'], undefined],
  ])('rejects %s with INVALID_ARGUMENT', (_label, granted, required) => {
    let error: unknown;
    let result: unknown;
    try {
      result = grantsScope(granted as readonly string[], required as string);
    } catch (caught) {
      error = caught;
    }

    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
  });
});

describe('isValidScope', () => {
  it.each([
    ['*'],
    ['refunds'],
    ['refunds:create'],
    ['refunds:*'],
    ['refunds:create:partial'],
    ['billing.refunds:read'],
    ['a-b_c.d:E-1'],
    ['refunds:create:*'],
  ])('accepts %p', (scope) => {
    expect(isValidScope(scope)).toBe(true);
  });

  it.each<[unknown]>([
    [''],
    [' refunds'],
    ['refunds:'],
    [':create'],
    ['refunds::create'],
    ['refunds*'],
    ['refunds:*:create'],
    ['*:create'],
    ['refunds: create'],
    ['refunds/create'],
    ['**'],
    [undefined],
    [null],
    [42],
    [['refunds:create']],
  ])('rejects %p', (scope) => {
    expect(isValidScope(scope)).toBe(false);
  });
});
