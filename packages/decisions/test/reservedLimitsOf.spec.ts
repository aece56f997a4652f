import { Decision, attributedAsChecked, checkedLabelsOf, reservedLimitsOf } from '@brane/decisions';
import { DECISION_FIELDS } from './fixtures/decisionFields';

const FIELDS = DECISION_FIELDS;

const LIMIT = { key: 'mail', max: 10, per: '1h' } as const;

/**
 * An allow with `LIMIT` that a policy can change: made by the constructor. (`Decision.allow().withLimits(LIMIT)` is
 * made once and frozen, so it cannot be changed: see the last tests.)
 */
const changeable = (): Decision => new Decision({ type: 'allow', limits: [LIMIT] });

describe('reservedLimitsOf', () => {
  it('reads the checked limits of an allow that only reserves them', () => {
    const decision = Decision.allow().withLimits(LIMIT);

    expect(reservedLimitsOf(decision)).toBe(decision.limits);
    expect(reservedLimitsOf(decision)).toEqual([
      expect.objectContaining({ key: 'mail', max: 10, windowMs: 3_600_000 }),
    ]);
  });

  it('accepts an allow that also labels, gives a reason or carries audit data', () => {
    const decision = Decision.allow({ reason: 'within budget', audit: { tier: 'gold' } })
      .withLimits(LIMIT)
      .label('pii');

    expect(reservedLimitsOf(decision)).toBe(decision.limits);
  });

  it.each([
    ['a plain allow', Decision.allow()],
    ['a deny', Decision.deny('no')],
    ['an approval with limits', Decision.requireApproval({ approverGroup: 'ops', reason: 'big' }).withLimits(LIMIT)],
    ['a redaction with limits', Decision.redact(['email']).withLimits(LIMIT)],
    ['a sandbox with limits', Decision.sandbox({ timeoutMs: 100 }).withLimits(LIMIT)],
    ['a route with limits', Decision.route({ capability: 'other' }).withLimits(LIMIT)],
    ['an allow that composes effects', new Decision({ type: 'allow', effects: [Decision.allow().withLimits(LIMIT)] })],
  ])('is undefined for %s', (_, decision) => {
    expect(reservedLimitsOf(decision)).toBeUndefined();
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'allow'],
    ['a plain object shaped like one', { type: 'allow', limits: [LIMIT] }],
    ['an object made on its prototype without its constructor', Object.create(Decision.prototype) as unknown],
  ])('is undefined for what is not a real decision: %s', (_, value) => {
    expect(reservedLimitsOf(value)).toBeUndefined();
  });

  it('reads the limits of an allow made with one limit, which cannot be changed', () => {
    const decision = Decision.allow().withLimits(LIMIT);
    Decision.allow().withLimits({ ...LIMIT, key: 'other' }); // another one made since

    expect(Object.isFrozen(decision)).toBe(true);
    for (const field of FIELDS) {
      expect(() => Object.defineProperty(decision, field, { get: () => 'changed' })).toThrow(TypeError);
    }
    expect(reservedLimitsOf(decision)).toBe(decision.limits);
  });

  it.each(FIELDS)('is undefined once a policy changed `%s`, by assignment or with a getter', (field) => {
    for (const asGetter of [false, true]) {
      const decision = changeable();
      const changed = field === 'limits' ? Decision.allow().withLimits({ ...LIMIT, key: 'other' }).limits : 'changed';
      Object.defineProperty(
        decision,
        field,
        asGetter ? { get: () => changed, configurable: true } : { value: changed, configurable: true },
      );

      expect(reservedLimitsOf(decision)).toBeUndefined();
    }
  });
});

describe('attributedAsChecked', () => {
  const attribution = { policyName: 'mail-rate', policyVersion: '2', actionId: '01JACTION00000000000000001' };

  it('attributes a copy that holds the checked fields', () => {
    const decision = Decision.allow({ reason: 'ok' }).withLimits(LIMIT).label('pii');
    const copy = attributedAsChecked(decision, attribution);

    expect(copy).not.toBe(decision);
    expect(Decision.isDecision(copy)).toBe(true);
    expect(copy.toJSON()).toEqual({ ...decision.toJSON(), ...attribution, decisionId: copy.decisionId });
    expect(copy.decisionId).not.toBe(decision.decisionId);
    expect(reservedLimitsOf(copy)).toBe(decision.limits);
  });

  it.each(FIELDS)('ignores what a policy did to `%s` after the decision was checked', (field) => {
    const decision = changeable();
    const checked = decision.toJSON();
    let reads = 0;
    Object.defineProperty(decision, field, {
      get: () => {
        reads++;
        return 'changed';
      },
      configurable: true,
    });
    const copy = attributedAsChecked(decision, attribution);

    expect(reads).toBe(0);
    expect(copy.toJSON()).toEqual({ ...checked, ...attribution, decisionId: copy.decisionId });
  });

  it('refuses an attribution that is not a string', () => {
    const decision = Decision.allow().withLimits(LIMIT);
    const policyName = 42 as unknown as string;

    expect(() => attributedAsChecked(decision, { ...attribution, policyName })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});

describe('checkedLabelsOf', () => {
  it('reads the labels the decision was checked with, whatever it holds now', () => {
    const decision = Decision.allow().withLimits(LIMIT).label('pii', 'finance');
    Object.defineProperty(decision, 'labels', { get: () => null });

    expect(checkedLabelsOf(decision)).toEqual(['finance', 'pii']);
    expect(checkedLabelsOf(Decision.allow())).toBeUndefined();
  });
});
