import fc from 'fast-check';
import { Capability, Runtime } from '@brane/core';
import { Decision, composeDecisions } from '@brane/decisions';
import { InMemoryLimitStore } from '@brane/limits';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/*
 * Composition reads the values of decisions, never their identity: a policy set where some policies return one
 * shared instance (a decision kept in a constant, say) composes, and reserves, exactly as the same set where each
 * returns an equal instance of its own. (Two policies that returned one instance with limits once reserved them
 * once, where two equal instances reserved them twice.)
 */

/** Decisions a policy could keep and return again: each made anew by its factory. */
const FACTORIES: readonly (() => Decision)[] = [
  () => Decision.allow(),
  () => Decision.allow().withLimits({ key: 'a', max: 100, per: '1h' }),
  () => Decision.allow().withLimits({ key: 'b', kind: 'sum', cost: 5, max: 1000, per: '1h' }),
  () => Decision.allow().label('pii'),
  () => Decision.logOnly('watch'),
  () => Decision.logOnly('watch').withLimits({ key: 'a', max: 100, per: '1h' }),
  () => Decision.allow().withLimits({ key: 'c', kind: 'concurrent', max: 3 }),
  () => Decision.redact(['email']),
  () => Decision.deny('no'),
  () => Decision.requireApproval({ approverGroup: 'finance', reason: 'large' }),
  () => Decision.sandbox({ timeoutMs: 1_000 }),
];
/** The factories of decisions that let a call run without an approval store or an output to redact. */
const RUNNABLE = 7;

/** A decision's JSON without its ids: what composition decides, whichever instances it was given. */
function valueOf(decision: Decision): string {
  return JSON.stringify(decision, (key, value: unknown) => (key === 'decisionId' ? undefined : value));
}

/** The policies' decisions: one shared instance per factory, or one instance per policy. */
function decisionsOf(picks: readonly number[], limit: number): { shared: Decision[]; own: Decision[] } {
  const made = new Map<number, Decision>();
  const factory = (pick: number): (() => Decision) => FACTORIES[pick % limit] as () => Decision;
  const shared = picks.map(
    (pick) => made.get(pick % limit) ?? made.set(pick % limit, factory(pick)()).get(pick % limit)!,
  );
  return { shared, own: picks.map((pick) => factory(pick)()) };
}

const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });

class Mailer {
  ran = 0;
  @Capability({ name: 'mail' })
  mail(): string {
    this.ran += 1;
    return 'sent';
  }
}

/** What one call under these policies' decisions did: whether it ran, and what each limit holds after it. */
function callWith(decisions: readonly Decision[]): string {
  const store = new InMemoryLimitStore();
  const runtime = new Runtime({ limits: store });
  decisions.forEach((decision, i) => runtime.beforeCapability('mail', { name: `p${i}` }, () => decision));
  const mailer = runtime.govern(new Mailer());
  let outcome: string;
  try {
    mailer.mail();
    outcome = 'ran';
  } catch (error) {
    outcome = (error as Error).name;
  }
  const used = ['a', 'b', 'c'].map((key) => store.usage(key)?.used ?? 0);
  return JSON.stringify({ outcome, ran: mailer.ran, used });
}

describe('composition never depends on which decisions are the same instance', () => {
  it('composes shared instances as it composes equal ones', () => {
    const figures = { cases: 0, withRepeats: 0 };
    fc.assert(
      fc.property(picks, (chosen) => {
        const { shared, own } = decisionsOf(chosen, FACTORIES.length);
        figures.cases += 1;
        if (new Set(shared).size < shared.length) figures.withRepeats += 1;
        expect(valueOf(composeDecisions(shared, Decision.allow()))).toBe(
          valueOf(composeDecisions(own, Decision.allow())),
        );
      }),
      propertyParameters(5_000),
    );
    reportFigures('composition identity', figures);
    expect(figures.withRepeats).toBeGreaterThan(figures.cases / 10);
  });

  it('reserves, runs and refuses a call alike when its policies return shared instances', () => {
    fc.assert(
      fc.property(picks, (chosen) => {
        const { shared, own } = decisionsOf(chosen, RUNNABLE);
        expect(callWith(shared)).toBe(callWith(own));
      }),
      propertyParameters(1_000),
    );
  });
});
