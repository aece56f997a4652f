import { DECISION_PRECEDENCE, DECISION_TYPES, outranks, type DecisionType } from '@brane/decisions';

/** Strongest first; the types on one line share a rank. */
const RANKS: readonly (readonly DecisionType[])[] = [
  ['deny'],
  ['approval_required'],
  ['route'],
  ['sandbox'],
  ['transform_input', 'transform_output', 'redact'],
  ['log_only'],
  ['allow'],
];

const rankOf = (type: DecisionType): number => RANKS.findIndex((rank) => rank.includes(type));

describe('DECISION_PRECEDENCE', () => {
  it('ranks every type, and nothing else', () => {
    expect(Object.keys(DECISION_PRECEDENCE).sort()).toStrictEqual([...DECISION_TYPES].sort());
  });

  it('orders deny > approval_required > route > sandbox > transforms and redactions > log_only > allow', () => {
    for (const type of DECISION_TYPES) expect(DECISION_PRECEDENCE[type]).toBe(rankOf(type));
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DECISION_PRECEDENCE)).toBe(true);
  });
});

describe('outranks', () => {
  const pairs = DECISION_TYPES.flatMap((a) => DECISION_TYPES.map((b) => [a, b] as const));

  it.each(pairs)('%s outranks %s exactly when it is strictly stronger', (a, b) => {
    expect(outranks(a, b)).toBe(rankOf(a) < rankOf(b));
  });

  it('is irreflexive and asymmetric', () => {
    for (const [a, b] of pairs) {
      expect(outranks(a, a)).toBe(false);
      if (outranks(a, b)) expect(outranks(b, a)).toBe(false);
    }
  });

  it('treats transforms and redactions as equals', () => {
    expect(outranks('redact', 'transform_input')).toBe(false);
    expect(outranks('transform_input', 'transform_output')).toBe(false);
    expect(outranks('transform_output', 'redact')).toBe(false);
  });
});
