import fc from 'fast-check';
import { Decision } from '@brane/decisions';
import { propertyParameters } from './propertyRuns.js';
import { DECISION_FIELDS } from '../../packages/decisions/test/fixtures/decisionFields';

/**
 * A decision a policy returns may have been changed after it was made: a field assigned, or a getter defined that
 * answers differently each time it is read. The engine then copies it (`withAttribution`, and `withLimits` in the
 * policy itself). Whatever the changes, a copy holds only values its constructor checked: made again from its own
 * fields, it is the same decision, and it has no getters of its own. (A copy used to read each field twice, once
 * to see that it was unchanged and once to copy it, so a getter could pass the check with one value and put an
 * unchecked one in the copy.)
 */

const FIELDS = DECISION_FIELDS;

const BASES: readonly (() => Decision)[] = [
  () => Decision.allow(),
  () => Decision.deny('no'),
  () => Decision.logOnly('look'),
  () => Decision.allow().withLimits({ key: 'refunds', max: 10, per: '1h' }), // made once and frozen: cannot change
  () => new Decision({ type: 'allow', limits: [{ key: 'refunds', max: 10, per: '1h' }] }),
  () => Decision.allow().label('pii'),
  () => Decision.redact(['email']),
  () => Decision.sandbox({ timeoutMs: 100 }),
  () => Decision.requireApproval({ reason: 'big', approverGroup: 'finance' }),
];

/** Values a changed field may answer: the decision's own, another decision's, or junk. */
const answer = fc.oneof(
  fc.constant('keep' as const),
  fc.constantFrom<unknown>(
    'allow',
    'deny',
    'bogus',
    undefined,
    null,
    42,
    {},
    [],
    [{ key: '', max: 0 }],
    { redact: 'x' },
    Object.freeze({}),
  ),
);

const tampering = fc.record({
  base: fc.integer({ min: 0, max: BASES.length - 1 }),
  field: fc.constantFrom(...FIELDS),
  asGetter: fc.boolean(),
  answers: fc.array(answer, { minLength: 1, maxLength: 4 }),
  operation: fc.constantFrom('withAttribution' as const, 'withLimits' as const),
});

function fieldsOf(d: Decision): readonly unknown[] {
  return FIELDS.map((field) => d[field]);
}

describe('a changed decision, copied: the copy holds only checked values', () => {
  it('for any field changed by assignment or by a getter with any answers', () => {
    let copies = 0;
    fc.assert(
      fc.property(tampering, ({ base, field, asGetter, answers, operation }) => {
        const decision = (BASES[base] as () => Decision)();
        const own = decision[field];
        const values = answers.map((value) => (value === 'keep' ? own : value));
        let reads = 0;
        if (Object.isFrozen(decision)) {
          // Shared by every policy that attaches this limit: no change reaches it.
          expect(() => Object.defineProperty(decision, field, { get: () => values[0] })).toThrow(TypeError);
          expect(decision[field]).toBe(own);
          return;
        }
        if (asGetter) {
          Object.defineProperty(decision, field, {
            get: () => values[reads++ % values.length],
            configurable: true,
          });
        } else {
          Object.defineProperty(decision, field, { value: values[0], writable: true, configurable: true });
        }
        let copy: Decision;
        try {
          copy =
            operation === 'withAttribution'
              ? decision.withAttribution({ policyName: 'p', policyVersion: '1', actionId: 'act_1' })
              : decision.withLimits({ key: 'k', max: 5, per: '1m' });
        } catch {
          return; // refused: the changed decision failed its check, which fails the policy closed
        }
        copies += 1;
        expect(Decision.isDecision(copy)).toBe(true);
        for (const name of FIELDS) {
          expect(Object.getOwnPropertyDescriptor(copy, name)?.get).toBeUndefined();
        }
        // Made again from its own fields, the copy is accepted and identical field by field (payloads compared
        // by value: the constructor copies and freezes them).
        const again = new Decision(Object.fromEntries(FIELDS.map((name) => [name, copy[name]])) as never);
        expect(fieldsOf(again)).toEqual(fieldsOf(copy));
      }),
      propertyParameters(5_000),
    );
    expect(copies).toBeGreaterThan(0);
  });
});
