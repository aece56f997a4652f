import fc from 'fast-check';
import { MemoryAuditSink, isActionRecord, type ActionRecord } from '@brane/audit';
import { Runtime, currentAction } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Security review, finding 2: a generator capability's body ran after its action ended. For any generated
 * stream (an `async function*`, a `function*`, a hand-written AsyncIterable, a web ReadableStream; any length;
 * a body that throws at any chunk; a consumer that stops at any point; an after-policy that denies at any
 * chunk; a redaction or not), the body always runs inside its action, every chunk the consumer receives
 * passed the after-policies (and is redacted), the denied chunk and those after it are never delivered, and
 * each action has exactly one completed audit record, whose outcome says how the stream ended.
 */

const SHAPES = ['async generator', 'sync generator', 'async iterable', 'readable stream'] as const;
type Shape = (typeof SHAPES)[number];

interface Case {
  readonly shape: Shape;
  readonly length: number;
  /** The body throws when asked for this chunk. */
  readonly throwAt: number | undefined;
  /** The consumer stops after receiving this many chunks. */
  readonly stopAfter: number | undefined;
  /** The after-policy denies this chunk. */
  readonly denyAt: number | undefined;
  readonly redact: boolean;
}

const cases: fc.Arbitrary<Case> = fc.record({
  shape: fc.constantFrom(...SHAPES),
  length: fc.integer({ min: 0, max: 12 }),
  throwAt: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  stopAfter: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  denyAt: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  redact: fc.boolean(),
});

interface Chunk {
  readonly index: number;
  readonly secret: string;
}

/** A body of `shape` producing `length` chunks, recording the action it runs in at each step. */
function bodyOf(c: Case, inside: (string | undefined)[]): () => unknown {
  const step = (index: number): Chunk => {
    inside.push(currentAction()?.capability.name);
    if (index === c.throwAt) throw new Error(`body failed at ${index}`);
    return { index, secret: `sk_live_${index}` };
  };
  switch (c.shape) {
    case 'async generator':
      return async function* () {
        for (let i = 0; i < c.length; i++) {
          await Promise.resolve();
          yield step(i);
        }
      };
    case 'sync generator':
      return function* () {
        for (let i = 0; i < c.length; i++) yield step(i);
      };
    case 'async iterable':
      return () => ({
        [Symbol.asyncIterator]: () => {
          let i = 0;
          return {
            next: async () => (i < c.length ? { done: false, value: step(i++) } : { done: true, value: undefined }),
          };
        },
      });
    case 'readable stream':
      return () => {
        let i = 0;
        return new ReadableStream<Chunk>({
          pull: (controller) => {
            if (i >= c.length) controller.close();
            else controller.enqueue(step(i++));
          },
        });
      };
  }
}

const figures = { cases: 0, chunks: 0, denied: 0, failed: 0, cancelled: 0, completed: 0, violations: 0 };

describe('streaming capabilities (security review, finding 2)', () => {
  it('run inside their action, deliver only chunks that passed, and complete one audit record', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const sink = new MemoryAuditSink();
        const runtime = new Runtime({ agentId: 'a', audit: { sinks: [sink] } });
        const inside: (string | undefined)[] = [];
        const passed = new Set<number>();
        const stream = runtime.capability({ name: 'rows', stream: true }, bodyOf(c, inside) as () => Iterable<Chunk>);
        if (c.redact) runtime.beforeCapability('rows', { name: 'redact' }, () => Decision.redact(['secret']));
        runtime.afterCapability('rows', { name: 'gate' }, (ctx) => {
          const { index } = ctx.output as Chunk;
          if (ctx.chunkIndex !== index) throw new Error('chunkIndex differs from the chunk position');
          if (index === c.denyAt) return Decision.deny(`chunk ${index} denied`);
          passed.add(index);
          return Decision.allow();
        });

        const received: Chunk[] = [];
        let error: unknown;
        try {
          for await (const chunk of stream()) {
            if (c.stopAfter !== undefined && received.length >= c.stopAfter) break;
            received.push(chunk);
          }
        } catch (e) {
          error = e;
        }
        await runtime.close();

        figures.cases++;
        figures.chunks += received.length;
        expect(inside.every((name) => name === 'rows')).toBe(true);
        for (const [position, chunk] of received.entries()) {
          expect(chunk.index).toBe(position);
          expect(passed.has(chunk.index)).toBe(true);
          if (c.denyAt !== undefined) expect(chunk.index).toBeLessThan(c.denyAt);
          if (c.redact) expect(chunk.secret).not.toContain('sk_live_');
        }
        const completed = sink.events.filter(
          (event): event is ActionRecord => isActionRecord(event) && event.phase === 'completed',
        );
        expect(completed).toHaveLength(1);
        const outcome = completed[0]?.outcome;
        if (error instanceof CapabilityDeniedError) {
          expect(error.stage).toBe('after');
          expect(outcome).toBe('denied');
          figures.denied++;
        } else if (error !== undefined) {
          expect(outcome).toBe('failed');
          figures.failed++;
        } else if (outcome === 'cancelled') {
          expect(c.stopAfter).toBeDefined();
          figures.cancelled++;
        } else {
          expect(outcome).toBe('allowed');
          expect(received).toHaveLength(c.length);
          figures.completed++;
        }
      }),
      propertyParameters(300),
    );
    reportFigures('streams', figures);
  }, 120_000);
});
