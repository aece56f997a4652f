import fc from 'fast-check';
import { PolicyEvaluationError } from '@brane/errors';
import { braneVerdict, type BraneSetup } from './fixtures/braneVerdict.js';
import { cedarOracle, cedarText, erroringForbidText, policyId } from './fixtures/cedarOracle.js';
import {
  cedarPolicySet,
  cedarRequest,
  erroringForbid,
  type CedarPolicy,
  type CedarRequest,
  type ErroringCondition,
  type ErroringForbid,
} from './fixtures/cedarPolicies.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Differential testing against Cedar (`@cedar-policy/cedar-wasm`): random permit/forbid sets over a request's
 * context, rendered as Cedar text and translated into Brane policies (see `fixtures/braneVerdict.ts` for the
 * translation, and why Cedar's permits become one gate per action), must reach the same verdict on every
 * request. The one known difference, a forbid whose condition errors, is a property of its own.
 */

// 10,000 cases take about ten seconds (Cedar parses each policy set); `pnpm test:long` runs ten times as many.
jest.setTimeout(15 * 60_000);

const setup: fc.Arbitrary<BraneSetup> = fc.record({
  priorities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }),
  async: fc.boolean(),
});

let calls = 0;

/** Lets the event loop run every 500 cases: `govern` keeps a WeakRef per instance (see composition.spec.ts). */
async function yieldSometimes(): Promise<void> {
  if (++calls % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** How many cases a property should run: what `propertyParameters` asks fast-check for. */
const expectedRuns = (base: number): number => propertyParameters(base).numRuns ?? base;

describe('differential testing against Cedar', () => {
  it('random policy sets: Brane and Cedar reach the same verdict on every request', async () => {
    const figures = { cases: 0, disagreements: 0, allows: 0, deniedByForbid: 0, noPermit: 0, cedarErrors: 0 };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        cedarPolicySet,
        cedarRequest,
        setup,
        async (policies: CedarPolicy[], request: CedarRequest, brane: BraneSetup) => {
          await yieldSometimes();
          figures.cases += 1;
          const cedar = cedarOracle(policies.map(cedarText), request);
          const actual = await braneVerdict(policies, request, brane);
          // The fragment never errors: an error here would mean the generator left it.
          if (cedar.errors.length > 0) figures.cedarErrors += 1;
          if (cedar.decision === 'allow') figures.allows += 1;
          // Cedar's reasons for a deny are the forbids that held; none means no permit applied.
          else if (cedar.reasons.length > 0) figures.deniedByForbid += 1;
          else figures.noPermit += 1;
          if (actual.decision !== cedar.decision) figures.disagreements += 1;
          return actual.decision === cedar.decision && cedar.errors.length === 0;
        },
      ),
      propertyParameters(10_000),
    );
    reportFigures('cedar agreement', { ...figures, ms: Math.round(performance.now() - started) });
    expect(figures.disagreements).toBe(0);
    expect(figures.cedarErrors).toBe(0);
    expect(figures.cases).toBe(expectedRuns(10_000));
    // Each outcome must be well represented, or the property proves little: allows, denies by a forbid that
    // overrides a permit, and denies because no permit applies.
    for (const outcome of [figures.allows, figures.deniedByForbid, figures.noPermit]) {
      expect(outcome).toBeGreaterThan(figures.cases / 20);
    }
  });

  /** What Cedar reports for each erroring condition. */
  const cedarMessages: Record<ErroringCondition['kind'], RegExp> = {
    missingAttribute: /does not have the attribute `note`/,
    longVersusString: /type error: expected long, got string/,
    notASet: /type error: expected set, got string/,
    overflow: /integer overflow/,
  };

  it('the known difference: Cedar skips a forbid that errors (and reports it); Brane denies', async () => {
    const figures = { cases: 0, cedarAllows: 0, braneAllows: 0, unreported: 0, wrongCause: 0 };
    const started = performance.now();
    const withErroringForbid = fc
      .tuple(cedarPolicySet, cedarRequest)
      .chain(([policies, request]) => fc.tuple(fc.constant(policies), fc.constant(request), erroringForbid(request)));
    await fc.assert(
      fc.asyncProperty(
        withErroringForbid,
        setup,
        async ([policies, request, forbid]: [CedarPolicy[], CedarRequest, ErroringForbid], brane: BraneSetup) => {
          await yieldSometimes();
          figures.cases += 1;
          const texts = policies.map(cedarText);
          const without = cedarOracle(texts, request);
          const cedar = cedarOracle([...texts, erroringForbidText(forbid)], request);
          const actual = await braneVerdict(policies, request, brane, forbid);
          // Cedar: the forbid is skipped, so the verdict is the one without it, and the error is reported.
          const skipped = cedar.decision === without.decision;
          const reported = cedar.errors.some(
            (error) =>
              error.policyId === policyId(policies.length) && cedarMessages[forbid.error.kind].test(error.message),
          );
          if (!reported) figures.unreported += 1;
          if (cedar.decision === 'allow') figures.cedarAllows += 1;
          // Brane: the policy throws, and a policy that throws denies, whatever the rest decide.
          if (actual.decision === 'allow') figures.braneAllows += 1;
          // When everything else allows, the erroring forbid is what denied, as a policy error.
          const cause = actual.denial?.cause;
          const causeOk =
            without.decision !== 'allow' ||
            (cause instanceof PolicyEvaluationError &&
              cause.code === 'POLICY_ERROR' &&
              cause.policyName === policyId(policies.length));
          if (!causeOk) figures.wrongCause += 1;
          return skipped && reported && actual.decision === 'deny' && causeOk;
        },
      ),
      propertyParameters(5_000),
    );
    reportFigures('cedar erroring forbid', { ...figures, ms: Math.round(performance.now() - started) });
    expect(figures.braneAllows).toBe(0);
    expect(figures.unreported).toBe(0);
    expect(figures.wrongCause).toBe(0);
    expect(figures.cases).toBe(expectedRuns(5_000));
    // The difference is only visible where Cedar allows: make sure that happens often.
    expect(figures.cedarAllows).toBeGreaterThan(figures.cases / 20);
  });
});
