import fc from 'fast-check';
import { MAX_ARGUMENT_DEPTH } from '@brane/core';
import { deepReport as viaAiSdk } from '../../packages/ai-sdk/test/support/deepReport.js';
import { deepReport as viaLangchain } from '../../packages/langchain/test/fixtures/deepReport.js';
import { closeConnections } from '../../packages/mcp/test/support/connect.js';
import { deepReport as viaMcp } from '../../packages/mcp/test/support/deepReport.js';
import { deepReport as viaOpenAiAgents } from '../../packages/openai-agents/test/support/deepReport.js';
import { type DeepMode, type DeepOutcome, type DeepValueCase } from './fixtures/DeepValueCase.js';
import {
  MODES,
  depthArb,
  expectDeepResult,
  inputDepthArb,
  nested,
  shapesArb,
  type Shape,
} from './fixtures/deepDraws.js';
import { propertyParametersWith, reportFigures } from './propertyRuns.js';

/**
 * A tool controls its output, and the model its input: both may nest to any depth. The adapters post-process
 * them (MCP keeps the JSON text copy of structured content in step with a redaction; the others hand results and
 * inputs to the framework), and recursive code there (`isDeepStrictEqual`, `JSON.stringify`, ...) overflowed
 * the stack on a value nested tens of thousands deep: a bare `RangeError`, in Brane or in the framework after it
 * (an MCP transport serializing the result; LangChain wrote the text `[object Object]` instead).
 *
 * One bound, the same in every adapter: a tool's input as the model sent it (the whole input object, `{}` being 1
 * deep), and its output as the tool returned it (an MCP tool's whole `CallToolResult`), nested more than
 * `MAX_ARGUMENT_DEPTH` (1,000) deep, is refused with `INVALID_ARGUMENT`; anything within it gets the framework's
 * normal result. For any nesting from none to 100,000 of objects and arrays, in the input and in the output of a
 * governed tool of each adapter, with no after-policy, a redaction or a deny, each adapter returns exactly that:
 * never an untyped crash, never a value past the bound, never the output of a denied call, never a redacted field.
 */

/**
 * How much deeper than the tool's data (`data`) its output is as the tool returns it: `{ email, data }`, and an MCP
 * tool's `CallToolResult` around that as `structuredContent`.
 */
const OUTPUT_WRAPPING: Record<string, number> = {
  mcp: 2,
  'mcp-client': 2,
  'ai-sdk': 1,
  langchain: 1,
  'openai-agents': 1,
};

const ADAPTERS: Record<string, (given: DeepValueCase) => Promise<DeepOutcome>> = {
  mcp: (given) => viaMcp(given, 'server'),
  'mcp-client': (given) => viaMcp(given, 'client'),
  'ai-sdk': viaAiSdk,
  langchain: viaLangchain,
  'openai-agents': viaOpenAiAgents,
};

describe('adapters: tool inputs and outputs nested to any depth', () => {
  afterAll(closeConnections);

  it('give the framework its normal result, or a typed refusal for a value past the bound; never a crash, a leak or a silent allow', async () => {
    const figures = { cases: 0, results: 0, denied: 0, deepInputs: 0, deepOutputs: 0, boundary: 0 };
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
          // The input as the model sent it is `{ data }`; the output as the tool returned it wraps `data` too.
          const inputDepth = inDepth + 1;
          const outputDepth = outDepth + (OUTPUT_WRAPPING[adapter] as number);
          if (Math.abs(inputDepth - MAX_ARGUMENT_DEPTH) <= 1 || Math.abs(outputDepth - MAX_ARGUMENT_DEPTH) <= 1)
            figures.boundary += 1;
          if (inputDepth > MAX_ARGUMENT_DEPTH || outputDepth > MAX_ARGUMENT_DEPTH) {
            // Refused before the tool runs (input), or as soon as it returned, before any after-policy (output).
            figures[inputDepth > MAX_ARGUMENT_DEPTH ? 'deepInputs' : 'deepOutputs'] += 1;
            expect(outcome.kind === 'refused' ? outcome.code : outcome.kind).toBe('INVALID_ARGUMENT'); // no deep diff
            return;
          }
          if (mode === 'denied') {
            figures.denied += 1;
            expect(outcome.kind === 'refused' ? outcome.code : outcome.kind).toBe('CAPABILITY_DENIED');
            return;
          }
          expect(outcome.kind).toBe('result');
          if (outcome.kind !== 'result') return;
          figures.results += 1;
          expectDeepResult(outcome, mode, outDepth);
        },
      ),
      // Always, for each adapter: a redacted output just past the bound, a redacted and a plain one 100,000 deep, an
      // input 100,000 deep, and both at the bound and one past it (the draws add more of each, at random depths).
      propertyParametersWith(
        120,
        Object.keys(ADAPTERS).flatMap((adapter): [string, DeepMode, Shape[], number, number][] => {
          const atBound = MAX_ARGUMENT_DEPTH - (OUTPUT_WRAPPING[adapter] as number);
          return [
            [adapter, 'redacted', ['object'], 0, 1_500],
            [adapter, 'redacted', ['array', 'object'], 3, 100_000],
            [adapter, 'plain', ['object'], 3, 100_000],
            [adapter, 'plain', ['object', 'array'], 100_000, 3],
            [adapter, 'plain', ['object'], MAX_ARGUMENT_DEPTH - 1, 3],
            [adapter, 'plain', ['array'], MAX_ARGUMENT_DEPTH, 3],
            [adapter, 'redacted', ['object'], 3, atBound],
            [adapter, 'plain', ['array'], 3, atBound + 1],
          ];
        }),
      ),
    );
    reportFigures('adapter deep values', figures);
    expect(figures.deepInputs).toBeGreaterThan(0);
    expect(figures.deepOutputs).toBeGreaterThan(0);
    expect(figures.results).toBeGreaterThan(0);
  });
});
