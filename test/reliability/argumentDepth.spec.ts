import fc from 'fast-check';
import { canonicalJson, InMemoryApprovalStore, MAX_JSON_DEPTH } from '@brane/approvals';
import { MemoryAuditSink } from '@brane/audit';
import { Capability, MAX_ARGUMENT_DEPTH, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ApprovalRequiredError, BraneError } from '@brane/errors';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * An agent controls a capability's arguments, and so how deeply they nest. For any nesting from none to 100,000
 * deep, of objects, arrays, Maps and Sets in any mix, passed to a call that is allowed, audited, limited, held for
 * approval or explained, the runtime either does what the policy decided or refuses the call with an
 * `INVALID_ARGUMENT` error that names the argument (and, for an approval record, the path, bounded). Before,
 * arguments nested a few thousand deep overflowed the stack: copying them (`snapshotArgs`) or sealing their
 * approval (`canonicalJson`) threw a bare `RangeError` from deep inside the runtime.
 */
const CASES = 120;

type Shape = 'object' | 'array' | 'map' | 'set';

/** `depth` containers, each holding the next, the innermost holding a number. */
function nested(shapes: readonly Shape[], depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) {
    const shape = shapes[i % shapes.length] as Shape;
    value =
      shape === 'object'
        ? { a: value }
        : shape === 'array'
          ? [value]
          : shape === 'map'
            ? new Map([['a', value]])
            : new Set([value]);
  }
  return value;
}

class Payments {
  @Capability({ name: 'refund', risk: 'high' })
  async refund(order: unknown): Promise<string> {
    return typeof order;
  }
}

const MODES = ['allowed', 'audited', 'limited', 'approval', 'explained'] as const;
type Mode = (typeof MODES)[number];

function runtimeFor(mode: Mode): { runtime: Runtime; payments: Payments } {
  const runtime = new Runtime({
    approvals: { store: new InMemoryApprovalStore(), secret: 'x'.repeat(32) },
    ...(mode === 'audited' ? { audit: { sinks: [new MemoryAuditSink()] } } : {}),
  });
  runtime.beforeCapability('refund', { name: 'gate' }, () =>
    mode === 'approval'
      ? Decision.requireApproval({ approverGroup: 'finance', reason: 'refund' })
      : mode === 'limited'
        ? Decision.allow().withLimits({ key: 'refunds', max: 1e9, per: '1h' })
        : Decision.allow(),
  );
  return { runtime, payments: runtime.govern(new Payments()) };
}

const depthArb = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.integer({ min: MAX_ARGUMENT_DEPTH - 5, max: MAX_ARGUMENT_DEPTH + 5 }),
  fc.integer({ min: MAX_ARGUMENT_DEPTH + 6, max: 100_000 }),
);
const shapesArb = fc.array(fc.constantFrom<Shape>('object', 'array', 'map', 'set'), { minLength: 1, maxLength: 4 });

describe('arguments nested to any depth', () => {
  it('run as decided, or are refused with INVALID_ARGUMENT; never a stack overflow', async () => {
    const figures = { cases: 0, ran: 0, held: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MODES), shapesArb, depthArb, async (mode, shapes, depth) => {
        figures.cases += 1;
        const { runtime, payments } = runtimeFor(mode);
        const order = nested(shapes, depth);
        let outcome: unknown;
        try {
          outcome = mode === 'explained' ? await runtime.explain('refund', { order }) : await payments.refund(order);
        } catch (error) {
          outcome = error;
        } finally {
          await runtime.close();
        }
        if (depth > MAX_ARGUMENT_DEPTH) {
          expect(outcome).toBeInstanceOf(BraneError);
          expect(outcome).toMatchObject({ code: 'INVALID_ARGUMENT', details: { argument: 'order' } });
          figures.refused += 1;
          return;
        }
        if (mode === 'approval') {
          // Held, unless its record cannot be kept: a Map or Set is not JSON, and the record nests the arguments
          // a few levels deeper than the call does.
          if (outcome instanceof ApprovalRequiredError) figures.held += 1;
          else {
            expect(outcome).toMatchObject({ code: 'INVALID_ARGUMENT' });
            expect((outcome as BraneError).message.length).toBeLessThan(2_100);
            figures.refused += 1;
          }
          return;
        }
        expect(outcome).not.toBeInstanceOf(Error);
        figures.ran += 1;
      }),
      propertyParameters(CASES),
    );
    reportFigures('argument depth', figures);
    expect(figures.refused).toBeGreaterThan(0);
    expect(figures.ran).toBeGreaterThan(0);
  });

  it('canonicalJson keeps any value to MAX_JSON_DEPTH and refuses deeper ones by path, never overflowing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Shape>('object', 'array'), { minLength: 1, maxLength: 3 }),
        depthArb,
        fc.string({ maxLength: 300 }),
        (shapes, depth, key) => {
          let value: unknown = 1;
          for (let i = 0; i < depth; i++) value = shapes[i % shapes.length] === 'array' ? [value] : { [key]: value };
          let outcome: unknown;
          try {
            outcome = canonicalJson(value, 'args');
          } catch (error) {
            outcome = error;
          }
          if (depth <= MAX_JSON_DEPTH) {
            expect(outcome).toBe(JSON.stringify(value));
          } else {
            expect(outcome).toMatchObject({ code: 'INVALID_ARGUMENT' });
            const { message, details } = outcome as BraneError;
            expect(message).toContain(`nested more than ${MAX_JSON_DEPTH} deep`);
            expect(String(details?.['path']).length).toBeLessThan(34 * (110 + 8) + 40);
          }
        },
      ),
      propertyParameters(CASES),
    );
  });
});
