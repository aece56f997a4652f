import fc from 'fast-check';
import { MAX_ARGUMENT_DEPTH } from '@brane/core';
import { deepResume as aiSdkResume, deepStream as aiSdkStream } from '../../packages/ai-sdk/test/support/deepPaths.js';
import {
  deepGraphResume as langgraphResume,
  deepStream as langchainStream,
  deepToolNode as langgraphNode,
} from '../../packages/langchain/test/fixtures/deepPaths.js';
import { closeConnections } from '../../packages/mcp/test/support/connect.js';
import { deepReport as mcpReport } from '../../packages/mcp/test/support/deepReport.js';
import { deepReport as openAiAgentsReport } from '../../packages/openai-agents/test/support/deepReport.js';
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
 * The paths around a governed tool call that `adapterDeepValues` does not take, held to the same bound: the
 * LangGraph tool node (`governToolNode`, outside a graph); streaming tools (an `async function*` tool of the AI SDK
 * and of LangChain: every chunk is measured; MCP and the Agents SDK refuse streaming tools when they are declared);
 * and a call run after its approval, through each adapter's own resume path (MCP's `runtime.resume` on the server's
 * and the client's side, the AI SDK's approval response, a LangGraph interrupt answered in a checkpointed graph, the
 * Agents SDK's call linked by `needsApproval`). For inputs and outputs nested from none to 100,000 deep (inputs in a
 * checkpointed graph to 40: LangGraph itself reads no deeper state back), with no
 * after-policy, a redaction or a deny: an input nested past `MAX_ARGUMENT_DEPTH` as the model sent it, or an output
 * (or chunk) past it as the tool returned it, is refused with `INVALID_ARGUMENT`; anything within gets the
 * framework's normal result, redacted as the policies said. Never an untyped crash, never a value past the bound.
 */

interface Path {
  readonly run: (given: DeepValueCase) => Promise<DeepOutcome>;
  /** How much deeper than its data the tool's output is as the tool returns it (an MCP `CallToolResult`: 2). */
  readonly wrapping: number;
  /**
   * In a checkpointed graph, the model's message (with the tool's input) is state that LangGraph saves before any
   * tool node sees it, and reads again to resume: it refuses to read state nested past 50 levels ("Maximum recursion
   * depth (50) exceeded during deserialization"), outside Brane. Inputs there stay at most {@link GRAPH_INPUT_DEPTH}.
   */
  readonly inGraph?: boolean;
  /** A stream: a deny after-policy stops it at its first chunk (a progress event), before the tool's output. */
  readonly stream?: boolean;
}

/** The deepest tool input of a case in a checkpointed graph (see {@link Path.inGraph}). */
const GRAPH_INPUT_DEPTH = 40;

const PATHS: Record<string, Path> = {
  'langgraph-node': { run: langgraphNode, wrapping: 1 },
  'langgraph-resume': { run: langgraphResume, wrapping: 1, inGraph: true },
  'ai-sdk-stream': { run: aiSdkStream, wrapping: 1, stream: true },
  'langchain-stream': { run: langchainStream, wrapping: 1, stream: true },
  'mcp-resume': { run: (given) => mcpReport(given, 'server', true), wrapping: 2 },
  'mcp-client-resume': { run: (given) => mcpReport(given, 'client', true), wrapping: 2 },
  'ai-sdk-resume': { run: aiSdkResume, wrapping: 1 },
  'openai-agents-resume': { run: (given) => openAiAgentsReport(given, true), wrapping: 1 },
};

describe('adapters: tool nodes, streaming tools and approved calls, with values nested to any depth', () => {
  afterAll(closeConnections);

  it('give the framework its normal result, or a typed refusal for a value past the bound; never a crash or a leak', async () => {
    const figures = { cases: 0, results: 0, denied: 0, deepInputs: 0, deepOutputs: 0, boundary: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(PATHS)),
        fc.constantFrom(...MODES),
        shapesArb,
        inputDepthArb,
        depthArb,
        async (name, mode, shapes, drawnInDepth, outDepth) => {
          figures.cases += 1;
          const path = PATHS[name] as Path;
          const inDepth = path.inGraph === true ? Math.min(drawnInDepth, GRAPH_INPUT_DEPTH) : drawnInDepth;
          const given = { input: nested(shapes, inDepth), output: nested(shapes, outDepth), mode };
          const outcome = await path.run(given);
          if (outcome.kind === 'crash')
            throw new Error(`${name}: not a typed outcome: ${String(outcome.error).slice(0, 300)}`);
          const inputDepth = inDepth + 1; // `{ data }`
          const outputDepth = outDepth + path.wrapping;
          if (Math.abs(inputDepth - MAX_ARGUMENT_DEPTH) <= 1 || Math.abs(outputDepth - MAX_ARGUMENT_DEPTH) <= 1)
            figures.boundary += 1;
          const code = outcome.kind === 'refused' ? outcome.code : outcome.kind;
          if (inputDepth <= MAX_ARGUMENT_DEPTH && mode === 'denied' && path.stream === true) {
            // The deny stops the stream at its first chunk; the framework may have pulled the next one already.
            figures.denied += 1;
            expect(
              outputDepth > MAX_ARGUMENT_DEPTH ? ['CAPABILITY_DENIED', 'INVALID_ARGUMENT'] : ['CAPABILITY_DENIED'],
            ).toContain(code);
            return;
          }
          if (inputDepth > MAX_ARGUMENT_DEPTH || outputDepth > MAX_ARGUMENT_DEPTH) {
            figures[inputDepth > MAX_ARGUMENT_DEPTH ? 'deepInputs' : 'deepOutputs'] += 1;
            expect(code).toBe('INVALID_ARGUMENT');
            return;
          }
          if (mode === 'denied') {
            figures.denied += 1;
            expect(code).toBe('CAPABILITY_DENIED');
            return;
          }
          expect(code).toBe('result');
          if (outcome.kind !== 'result') return;
          figures.results += 1;
          expectDeepResult(outcome, mode, outDepth);
        },
      ),
      // Always, for each path: an output just within the bound and just past it, one 100,000 deep, and an input at
      // the bound and just past it (an approval's record holds the input one level down: still accepted).
      propertyParametersWith(
        80,
        Object.entries(PATHS).flatMap(([name, path]): [string, DeepMode, Shape[], number, number][] => {
          const atBound = MAX_ARGUMENT_DEPTH - path.wrapping;
          return [
            [name, 'redacted', ['object'], 3, atBound],
            [name, 'plain', ['array'], 3, atBound + 1],
            [name, 'plain', ['object', 'array'], 3, 100_000],
            [name, 'plain', ['object'], path.inGraph === true ? GRAPH_INPUT_DEPTH : MAX_ARGUMENT_DEPTH - 1, 3],
            [name, 'plain', ['array'], MAX_ARGUMENT_DEPTH, 3],
          ];
        }),
      ),
    );
    reportFigures('adapter deep paths', figures);
    expect(figures.deepInputs).toBeGreaterThan(0);
    expect(figures.deepOutputs).toBeGreaterThan(0);
    expect(figures.results).toBeGreaterThan(0);
  });
});
