import fc from 'fast-check';
import { MemoryAuditSink } from '@brane/audit';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Found when merging the audit record with sessions: the audited synchronous path ran a plainly allowed body
 * without adding its decision's labels, so a session forgot that it had read `pii` exactly when the audit
 * trail was on. The class: every way a call can run. For any capability shape (sync, async, stream), audit on
 * or off, labels declared (`produces`) or added by a before-policy, an output that is returned or a body that
 * throws, the session afterwards holds exactly the labels of the calls whose output reached the caller.
 */

const SHAPES = ['sync', 'async', 'stream'] as const;
type Shape = (typeof SHAPES)[number];

interface Step {
  readonly shape: Shape;
  readonly label: 'pii' | 'secret' | 'untrusted';
  readonly how: 'produces' | 'policy' | 'policy-after-allow';
  readonly fails: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  shape: fc.constantFrom(...SHAPES),
  label: fc.constantFrom('pii' as const, 'secret' as const, 'untrusted' as const),
  how: fc.constantFrom('produces' as const, 'policy' as const, 'policy-after-allow' as const),
  fails: fc.boolean(),
});

/** Runs `step` as a capability of its shape in `runtime`; resolves whether its output reached the caller. */
async function run(runtime: Runtime, step: Step, index: number): Promise<boolean> {
  const name = `cap_${index}`;
  const options = { name, ...(step.how === 'produces' ? { produces: [step.label] } : {}) };
  if (step.how !== 'produces') {
    if (step.how === 'policy-after-allow')
      runtime.beforeCapability(name, { name: `${name}_allow` }, () => Decision.allow());
    runtime.beforeCapability(name, { name: `${name}_label`, priority: 1 }, () => Decision.allow().label(step.label));
  }
  const fail = (): never => {
    throw new Error(`body ${index} failed`);
  };
  try {
    if (step.shape === 'sync') {
      runtime.capability(options, () => (step.fails ? fail() : 'out'))();
    } else if (step.shape === 'async') {
      await runtime.capability(options, async () => (step.fails ? fail() : 'out'))();
    } else {
      const stream = runtime.capability({ ...options, stream: true }, async function* () {
        if (step.fails) fail();
        yield 'out';
      });
      for await (const chunk of stream()) expect(chunk).toBe('out');
    }
    return true;
  } catch (error) {
    expect(String(error)).toContain(`body ${index} failed`);
    return false;
  }
}

describe('labels reach the session on every call path', () => {
  it('a session holds exactly the labels of the calls whose output reached the caller', async () => {
    const figures = { cases: 0, calls: 0, audited: 0, delivered: 0, failed: 0, violations: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 6 }), fc.boolean(), async (steps, audited) => {
        const runtime = new Runtime(audited ? { audit: { sinks: [new MemoryAuditSink()] } } : {});
        const expected = new Set<string>();
        await runtime.withContext({ sessionId: 'session' }, async () => {
          for (const [index, step] of steps.entries()) {
            const delivered = await run(runtime, step, index);
            if (delivered) expected.add(step.label);
            figures.calls += 1;
            figures[delivered ? 'delivered' : 'failed'] += 1;
          }
        });
        let held: readonly string[] = [];
        runtime.beforeCapability('probe', { name: 'probe' }, (ctx: PolicyContext) => {
          held = ctx.session.labels;
          return Decision.allow();
        });
        await runtime.withContext({ sessionId: 'session' }, () =>
          runtime.capability({ name: 'probe' }, async () => 1)(),
        );
        figures.cases += 1;
        if (audited) figures.audited += 1;
        const ok = [...held].sort().join(',') === [...expected].sort().join(',');
        if (!ok) figures.violations += 1;
        expect([...held].sort()).toStrictEqual([...expected].sort());
        await runtime.close();
      }),
      propertyParameters(300),
    );
    reportFigures('labelPaths', figures);
    expect(figures.violations).toBe(0);
    expect(figures.audited).toBeGreaterThan(0);
    expect(figures.failed).toBeGreaterThan(0);
  }, 300_000);
});
