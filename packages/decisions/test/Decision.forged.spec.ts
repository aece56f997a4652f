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

describe('copies of a decision whose fields were changed after it was made', () => {
  it.each<[string, (decision: Decision) => unknown]>([
    [
      'withAttribution',
      (decision) => decision.withAttribution({ policyName: 'p', policyVersion: '1', actionId: undefined }),
    ],
    ['withLimits', (decision) => decision.withLimits({ key: 'k', max: 1, per: '1h' })],
  ])('%s checks the changed fields again instead of copying them', (_name, copy) => {
    const typed = Object.assign(Decision.allow(), { type: 'escalate' });
    expect(() => copy(typed)).toThrow(/`type` must be one of/);
    const checked = Object.assign(new Decision({ type: 'allow', reason: 'r' }), { type: 'escalate' });
    expect(() => copy(checked)).toThrow(/`type` must be one of/);
    const sandbox = Decision.sandbox({ network: { allowHosts: ['api.example.com'] } });
    Object.assign(sandbox, { sandbox: undefined });
    expect(() => copy(sandbox)).toThrow();
  });

  it('an untouched decision is copied with its fields as they were', () => {
    const decision = Decision.sandbox({ network: { allowHosts: ['api.example.com'] } }, { reason: 'isolate' });
    const copy = decision.withAttribution({ policyName: 'p', policyVersion: '2', actionId: undefined });
    expect(copy).toMatchObject({ type: 'sandbox', reason: 'isolate', policyName: 'p', policyVersion: '2' });
    expect(copy.sandbox).toBe(decision.sandbox);
  });

  it('a copy of a copy keeps the attribution and limits it was given', () => {
    const limited = Decision.allow().withLimits({ key: 'k', max: 1, per: '1h' });
    const attributed = limited.withAttribution({ policyName: 'p', policyVersion: '1', actionId: 'a1' });
    const twice = attributed.withLimits({ key: 'k2', max: 2, per: '1m' });
    expect(twice).toMatchObject({ type: 'allow', policyName: 'p', policyVersion: '1', actionId: 'a1' });
    expect(twice.limits?.map((limit) => limit.key)).toEqual(['k', 'k2']);
    Object.assign(twice, { actionId: 42 });
    expect(() => twice.withLimits({ key: 'k3', max: 1, per: '1h' })).toThrow(/`actionId` must be a string/);
  });
});
