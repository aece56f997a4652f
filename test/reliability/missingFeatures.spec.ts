import fc from 'fast-check';
import { InMemoryApprovalStore } from '@brane/approvals';
import { MemoryAuditSink } from '@brane/audit';
import { Runtime, useApprovals, useAudit } from '@brane/core';
import { Decision } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import type { ApprovalGate } from '../../packages/core/src/features/ApprovalGate.js';
import { replaceFeature } from '../../packages/core/src/features/RuntimeFeatures.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Issue 13: approvals and the audit trail are features a bundled app may leave out (`useApprovals()`,
 * `useAudit()`). Property: for any runtime configuration, set of loaded features, capability shape and policy
 * decisions, a missing feature never lets an action run that its policies did not allow: a configuration that
 * names a missing feature is refused at `new Runtime` (`FEATURE_NOT_LOADED`), and a call whose decision needs a
 * missing approval is refused with `FEATURE_NOT_LOADED`, its body not run. With every feature loaded, the same
 * call gets `APPROVAL_REQUIRED` (the property can tell the two apart). Negative control: an approvals stand-in that
 * lets approvals through does run the body, which the property's check would report.
 */

type Verdict = 'allow' | 'deny' | 'approval';
type Shape = 'sync' | 'async' | 'stream';

/** Approval-heavy: the cases that matter most are those whose decision needs an approval. */
const verdictArb: fc.Arbitrary<Verdict> = fc.oneof(
  { arbitrary: fc.constant<Verdict>('approval'), weight: 3 },
  { arbitrary: fc.constant<Verdict>('allow'), weight: 2 },
  { arbitrary: fc.constant<Verdict>('deny'), weight: 1 },
);

function decisionOf(verdict: Verdict): Decision {
  if (verdict === 'deny') return Decision.deny('no');
  if (verdict === 'approval') return Decision.requireApproval({ approverGroup: 'finance', reason: 'a human decides' });
  return Decision.allow();
}

describe('a missing feature never allows (issue 13)', () => {
  afterEach(() => {
    useApprovals();
    useAudit();
  });

  it('for any configuration and loaded features, a call runs only when its policies allow it', async () => {
    const totals = {
      cases: 0,
      refusedAtConstruction: 0,
      refusedForApproval: 0,
      approvalRequired: 0,
      ran: 0,
      denied: 0,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          approvalsLoaded: fc.boolean(),
          auditLoaded: fc.boolean(),
          approvals: fc.constantFrom('none', 'none', 'store'),
          audit: fc.constantFrom('none', 'none', 'sink'),
          defaultDecision: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
          shape: fc.constantFrom<Shape>('sync', 'async', 'stream'),
          verdicts: fc.array(verdictArb, { maxLength: 3 }),
        }),
        async (c) => {
          totals.cases += 1;
          replaceFeature('approvals', undefined);
          replaceFeature('audit', undefined);
          if (c.approvalsLoaded) useApprovals();
          if (c.auditLoaded) useAudit();
          const options = {
            defaultDecision: c.defaultDecision,
            ...(c.approvals === 'store' ? { approvals: { store: new InMemoryApprovalStore() } } : {}),
            ...(c.audit === 'sink' ? { audit: { sinks: [new MemoryAuditSink()] } } : {}),
          };
          const namesMissing =
            (c.approvals === 'store' && !c.approvalsLoaded) || (c.audit === 'sink' && !c.auditLoaded);
          let runtime: Runtime;
          try {
            runtime = new Runtime(options);
          } catch (error) {
            expect(namesMissing).toBe(true);
            expect(error).toMatchObject({ code: 'FEATURE_NOT_LOADED' });
            totals.refusedAtConstruction += 1;
            return;
          }
          expect(namesMissing).toBe(false);
          const ran: string[] = [];
          const outcome = await settle(runtime, c.shape, c.verdicts, ran);
          await runtime.close();
          const expected: Verdict = c.verdicts.includes('deny')
            ? 'deny'
            : c.verdicts.includes('approval')
              ? 'approval'
              : c.verdicts.length === 0 && c.defaultDecision === 'deny'
                ? 'deny'
                : 'allow';
          if (expected === 'allow') {
            expect(outcome).toBe('ran');
            expect(ran).toEqual(['id_1']);
            totals.ran += 1;
            return;
          }
          expect(ran).toEqual([]);
          expect(outcome).toBeInstanceOf(BraneError);
          const { code } = outcome as BraneError;
          if (expected === 'deny') {
            expect(code).toBe('CAPABILITY_DENIED');
            totals.denied += 1;
          } else if (c.approvalsLoaded) {
            expect(code).toBe('APPROVAL_REQUIRED');
            totals.approvalRequired += 1;
          } else {
            expect(code).toBe('FEATURE_NOT_LOADED');
            expect((outcome as Error).message).toContain('`useApprovals()`');
            totals.refusedForApproval += 1;
          }
        },
      ),
      propertyParameters(300),
    );
    reportFigures('missing features', totals);
    for (const figure of Object.values(totals)) expect(figure).toBeGreaterThan(0);
  });

  it.each<Shape>(['sync', 'async', 'stream'])(
    'negative control (%s): a fail-open approvals stand-in runs the body, which the property would report',
    async (shape) => {
      const real = replaceFeature('approvals', undefined);
      if (real === undefined) throw new Error('the approvals feature is registered when Brane is loaded');
      // A stand-in that lets every approval through, as a wrong "feature absent" fallback could.
      replaceFeature('approvals', {
        ...real,
        create: (options, policies, audit) => {
          const made = real.create(options, policies, audit);
          const gate = made.gate;
          const failOpen: ApprovalGate = {
            remainder: () => Decision.allow(),
            request: gate.request.bind(gate),
            waitFor: gate.waitFor.bind(gate),
            resume: gate.resume.bind(gate),
          };
          return { ...made, gate: failOpen };
        },
      });
      const ran: string[] = [];
      const outcome = await settle(new Runtime(), shape, ['approval'], ran);

      expect(outcome).toBe('ran');
      expect(ran).toEqual(['id_1']);
    },
  );
});

/** Governs one capability of `shape` under policies deciding `verdicts`, calls it, and returns `ran` or the error. */
async function settle(runtime: Runtime, shape: Shape, verdicts: readonly Verdict[], ran: string[]): Promise<unknown> {
  const act =
    shape === 'sync'
      ? runtime.capability({ name: 'act' }, (id: string) => {
          ran.push(id);
          return id;
        })
      : shape === 'async'
        ? runtime.capability({ name: 'act' }, async (id: string) => {
            ran.push(id);
            return id;
          })
        : runtime.capability({ name: 'act', stream: true }, async function* (id: string) {
            ran.push(id);
            yield id;
          });
  verdicts.forEach((verdict, i) => runtime.beforeCapability('act', { name: `p${i}` }, () => decisionOf(verdict)));
  try {
    const result = act('id_1');
    if (shape === 'stream') {
      for await (const chunk of result as AsyncIterable<unknown>) expect(chunk).toBe('id_1');
    } else {
      await result;
    }
    return 'ran';
  } catch (error) {
    return error;
  }
}
