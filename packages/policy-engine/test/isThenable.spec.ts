import { isThenable } from '@brane/policy-engine';

describe('isThenable', () => {
  const thenableFunction = Object.assign(() => undefined, { then: () => undefined });

  it.each<[string, unknown]>([
    ['a native promise', Promise.resolve(1)],
    ['an object with a then method', { then: () => undefined }],
    ['a function with a then method', thenableFunction],
  ])('accepts %s', (_label, value) => {
    expect(isThenable(value)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'then'],
    ['an object whose then is not a function', { then: true }],
    ['a plain object', {}],
    ['a function', () => undefined],
  ])('rejects %s', (_label, value) => {
    expect(isThenable(value)).toBe(false);
  });
});
