import { Decision, composeNext } from '@brane/decisions';

// `isDecision` vouches for what the Decision constructor made (and validated): `instanceof` alone does not.

describe('Decision.isDecision and forged decisions', () => {
  it.each<[string, () => unknown]>([
    [
      'an object made on Decision.prototype',
      () => Object.assign(Object.create(Decision.prototype) as object, { type: 'allow' }),
    ],
    [
      'a plain object given the prototype',
      () => Object.setPrototypeOf({ type: 'allow', metadata: {} }, Decision.prototype) as unknown,
    ],
    ['a Proxy of a real allow', () => new Proxy(Decision.allow(), {})],
  ])('rejects %s, though it passes instanceof', (_label, make) => {
    const value = make();

    expect(value instanceof Decision).toBe(true);
    expect(Decision.isDecision(value)).toBe(false);
  });

  it('accepts a real decision, its attributed copy and a subclass instance', () => {
    class Audited extends Decision {}
    const allow = Decision.allow();

    expect(Decision.isDecision(allow)).toBe(true);
    expect(
      Decision.isDecision(allow.withAttribution({ policyName: 'p', policyVersion: undefined, actionId: undefined })),
    ).toBe(true);
    expect(Decision.isDecision(new Audited({ type: 'allow' }))).toBe(true);
  });

  it('refuses a forged decision as an effect of a composed one, and in composeNext', () => {
    const forged = Object.assign(Object.create(Decision.prototype) as Decision, { type: 'allow' });

    expect(() => new Decision({ type: 'allow', effects: [forged] })).toThrow(/effects/);
    expect(() => composeNext(Decision.allow(), forged)).toThrow(/composeNext: expected a Decision/);
  });
});
