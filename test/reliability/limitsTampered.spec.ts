import { Capability, Runtime, currentAction, type AgentAction } from '@brane/core';
import { Decision } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { InMemoryLimitStore } from '@brane/limits';
import fc from 'fast-check';
import { propertyParameters } from './propertyRuns.js';
import { DECISION_FIELDS } from '../../packages/decisions/test/fixtures/decisionFields';

/*
 * A policy may change the decision it returns after `withLimits` made it, or the allow before `withLimits` copies it:
 * assign a field, or define a getter that answers differently each time it is read. Whatever it does, the call is
 * refused (the change failed its check, or the decision to record could not be built), does not run and reserves
 * nothing, or it runs and the store holds exactly the limits of the decision recorded on its action: a limit is never
 * reserved unchecked, and what is enforced is what is recorded. (The runtime reserves the limits of an allow that only
 * reserves them as its constructor checked them, and attributes the decision, as checked, only when read.)
 */

const FIELDS = DECISION_FIELDS;

const OTHER = Decision.allow().withLimits({ key: 'other', max: 5, per: '1h' });

const answer = fc.oneof(
  fc.constant('keep' as const),
  fc.constantFrom<unknown>(
    'allow',
    'deny',
    'log_only',
    undefined,
    null,
    42,
    {},
    [],
    [{ key: '', max: 0 }],
    [{ key: 'raw', max: 1, per: '1h' }],
    OTHER.limits,
    ['pii'],
  ),
);

const tampering = fc.record({
  field: fc.constantFrom(...FIELDS),
  asGetter: fc.boolean(),
  answers: fc.array(answer, { minLength: 1, maxLength: 4 }),
  calls: fc.integer({ min: 1, max: 3 }),
  /** Whether the allow is changed before `withLimits` copies it, or the copy with limits after. */
  when: fc.constantFrom('before', 'after'),
  /**
   * How the decision changed after is made: by `withLimits` (of one limit: made once and frozen, so every change
   * throws and the policy fails closed), or by the constructor, which a policy can change.
   */
  made: fc.constantFrom('withLimits', 'constructor'),
});

class Mailer {
  readonly seen: AgentAction[] = [];
  @Capability({ name: 'mail' })
  mail(): string {
    this.seen.push(currentAction() as AgentAction);
    return 'sent';
  }
}

describe('a decision with limits changed by its policy', () => {
  it('reserves nothing when refused, and exactly the recorded limits when it runs', () => {
    let ran = 0;
    let ranChangedAfter = 0;
    fc.assert(
      fc.property(tampering, ({ field, asGetter, answers, calls, when, made }) => {
        const store = new InMemoryLimitStore();
        const runtime = new Runtime({ limits: store });
        runtime.beforeCapability('mail', { name: 'mail-rate' }, () => {
          const allow = Decision.allow();
          const tamper = (decision: Decision): Decision => {
            const own = decision[field];
            const values = answers.map((value) => (value === 'keep' ? own : value));
            let reads = 0;
            Object.defineProperty(
              decision,
              field,
              asGetter
                ? { get: () => values[reads++ % values.length], configurable: true }
                : { value: values[0], writable: true, configurable: true },
            );
            return decision;
          };
          const limits = { key: 'mail', max: 10, per: '1h' };
          if (when === 'before') return tamper(allow).withLimits(limits);
          return tamper(
            made === 'withLimits' ? allow.withLimits(limits) : new Decision({ type: 'allow', limits: [limits] }),
          );
        });
        const mailer = runtime.govern(new Mailer());
        const expected = new Map<string, number>();
        for (let i = 0; i < calls; i++) {
          const before = mailer.seen.length;
          try {
            mailer.mail();
          } catch (error) {
            // Denied, or (a getter answering differently to the evaluator and to the copy) the decision to record
            // could not be built: the documented limit of "policies are trusted code". Either way it did not run.
            expect(error).toBeInstanceOf(BraneError);
            expect(mailer.seen.length).toBe(before);
            continue;
          }
          ran += 1;
          if (when === 'after') {
            // A frozen decision cannot be changed: its policy threw, and the call was refused.
            expect(made).toBe('constructor');
            ranChangedAfter += 1;
          }
          const action = mailer.seen[mailer.seen.length - 1] as AgentAction;
          for (const limit of action.decision?.limits ?? []) {
            expected.set(limit.key, (expected.get(limit.key) ?? 0) + limit.cost);
          }
        }
        for (const key of ['mail', 'other', 'raw', '']) {
          expect(store.usage(key)?.used).toBe(expected.get(key));
        }
      }),
      propertyParameters(2_000),
    );
    expect(ran).toBeGreaterThan(0);
    expect(ranChangedAfter).toBeGreaterThan(0);
  });
});
