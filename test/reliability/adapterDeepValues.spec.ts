import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '@brane/approvals';
import { MAX_ARGUMENT_DEPTH } from '@brane/core';
import { deepReport as viaAiSdk } from '../../packages/ai-sdk/test/support/deepReport.js';
import { deepReport as viaLangchain } from '../../packages/langchain/test/fixtures/deepReport.js';
import { closeConnections } from '../../packages/mcp/test/support/connect.js';
import { deepReport as viaMcp } from '../../packages/mcp/test/support/deepReport.js';
import { deepReport as viaOpenAiAgents } from '../../packages/openai-agents/test/support/deepReport.js';
import {
  DEEP_SECRET,
  type DeepMode,
  type DeepOutcome,
  type DeepValue,
  type DeepValueCase,
} from './fixtures/DeepValueCase.js';
import { propertyParametersWith, reportFigures } from './propertyRuns.js';

/**
 * A tool controls its output, and the model its input: both may nest to any depth. The adapters post-process
 * them (MCP keeps the JSON text copy of structured content in step with a redaction; the others hand results and
 * inputs to the framework), and recursive code there (`isDeepStrictEqual`, `JSON.stringify`, ...) overflowed
 * the stack on a value nested tens of thousands deep: a bare `RangeError`. For any nesting from none to 100,000
 * of objects and arrays, in the input and in the output of a governed tool of each adapter, with no after-policy,
 * a redaction or a deny, each adapter returns the framework's normal result or Brane's typed refusal (a
 * `BraneError`, or the framework's refusal result carrying its code); never an untyped crash, never the output
 * of a denied call, never a redacted field.
 */

const MODES: readonly DeepMode[] = ['plain', 'redacted', 'denied'];
type Shape = 'object' | 'array';

const ADAPTERS: Record<string, (given: DeepValueCase) => Promise<DeepOutcome>> = {
  mcp: (given) => viaMcp(given, 'server'),
  'mcp-client': (given) => viaMcp(given, 'client'),
  'ai-sdk': viaAiSdk,
  langchain: viaLangchain,
  'openai-agents': viaOpenAiAgents,
};

/** `depth` containers, each holding the next, the innermost a number; and its JSON, both built without recursion. */
function nested(shapes: readonly Shape[], depth: number): DeepValue {
  let value: unknown = 1;
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const array = shapes[i % shapes.length] === 'array';
    value = array ? [value] : { a: value };
    open = (array ? '[' : '{"a":') + open;
    close += array ? ']' : '}';
  }
  return { value, json: `${open}1${close}` };
}

/** How deeply `value` nests (objects and arrays), counted without recursion along its first branch. */
function depthOf(value: unknown): number {
  let depth = 0;
  for (let at = value; typeof at === 'object' && at !== null; depth++) {
    at = Array.isArray(at) ? (at as unknown[])[0] : Object.values(at)[0];
  }
  return depth;
}

const depthArb = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.integer({ min: MAX_JSON_DEPTH - 5, max: MAX_JSON_DEPTH + 5 }),
  fc.integer({ min: MAX_JSON_DEPTH + 6, max: 100_000 }),
);
/** Mostly shallow inputs, so that most cases reach the tool and its output. */
const inputDepthArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 50 }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_ARGUMENT_DEPTH - 2, max: MAX_ARGUMENT_DEPTH + 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_ARGUMENT_DEPTH + 3, max: 100_000 }) },
);
const shapesArb = fc.array(fc.constantFrom<Shape>('object', 'array'), { minLength: 1, maxLength: 3 });

describe('adapters: tool inputs and outputs nested to any depth', () => {
  afterAll(closeConnections);

  it('give the framework its normal result or a typed refusal; never a stack overflow, a leak or a silent allow', async () => {
    const figures = { cases: 0, results: 0, refused: 0, deepResults: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(ADAPTERS)),
        fc.constantFrom(...MODES),
        shapesArb,
        inputDepthArb,
        depthArb,
        async (adapter, mode, shapes, inDepth, outDepth) => {
          figures.cases += 1;
          const given = { input: nested(shapes, inDepth), output: nested(shapes, outDepth), mode };
          const outcome = await (ADAPTERS[adapter] as (given: DeepValueCase) => Promise<DeepOutcome>)(given);
          if (outcome.kind === 'crash')
            throw new Error(`${adapter}: not a typed outcome: ${String(outcome.error).slice(0, 300)}`);
          // The input is the capability's argument (or holds them by name, one level less deep): nested past the
          // bound, it is refused before the tool runs. Only an output Brane had to post-process past the bound may be
          // refused for its depth, and as INVALID_ARGUMENT too.
          const tooDeepInput = inDepth > MAX_ARGUMENT_DEPTH;
          if (outcome.kind === 'refused') {
            figures.refused += 1;
            const expected = new Set<string>(tooDeepInput ? ['INVALID_ARGUMENT'] : []);
            if (!tooDeepInput) {
              if (inDepth === MAX_ARGUMENT_DEPTH || outDepth + 2 > MAX_JSON_DEPTH) expected.add('INVALID_ARGUMENT');
              if (mode === 'denied') expected.add('CAPABILITY_DENIED');
            }
            expect([...expected]).toContain(outcome.code);
            return;
          }
          expect(tooDeepInput).toBe(false);
          expect(mode).not.toBe('denied');
          figures.results += 1;
          if (outDepth > MAX_JSON_DEPTH) figures.deepResults += 1;
          if (outcome.output !== undefined) {
            const { email, data } = outcome.output as { email?: unknown; data?: unknown };
            expect(email).toBe(mode === 'redacted' ? '[REDACTED]' : DEEP_SECRET);
            expect(depthOf(data)).toBe(outDepth);
          }
          if (mode === 'redacted') expect(outcome.text?.includes(DEEP_SECRET) ?? false).toBe(false);
        },
      ),
      // Always, for each adapter: a redacted output just past the bound and one 100,000 deep, and an input 100,000
      // deep (the draws add about one redacted deep output for each adapter in 120 cases).
      propertyParametersWith(
        120,
        Object.keys(ADAPTERS).flatMap((adapter): [string, DeepMode, Shape[], number, number][] => [
          [adapter, 'redacted', ['object'], 0, 1_500],
          [adapter, 'redacted', ['array', 'object'], 3, 100_000],
          [adapter, 'plain', ['object', 'array'], 100_000, 3],
        ]),
      ),
    );
    reportFigures('adapter deep values', figures);
    expect(figures.refused).toBeGreaterThan(0);
    expect(figures.deepResults).toBeGreaterThan(0);
  });
});
