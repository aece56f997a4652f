import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { runOriginalTool } from '../src/runOriginalTool.js';

describe('runOriginalTool', () => {
  it("runs a StructuredTool's body on exactly the given input, without parsing it again", async () => {
    const seen: unknown[] = [];
    const strict = tool(
      (input) => {
        seen.push(input);
        return 'ok';
      },
      {
        name: 'strict',
        description: 'd',
        schema: { type: 'object' as const, properties: {}, additionalProperties: false },
      },
    );
    await expect(runOriginalTool(strict, { extra: 1 }, undefined)).resolves.toBe('ok');
    expect(seen).toStrictEqual([{ extra: 1 }]);
  });

  it('drains a streaming tool not declared `stream`, withholds its ungoverned events, and returns its result', async () => {
    const streaming = tool(
      async function* () {
        yield 'one';
        yield 'two';
        return 'done';
      },
      { name: 'streaming', description: 'd', schema: { type: 'object' as const, properties: {} } },
    );
    const events: unknown[] = [];
    const runManager = {
      getChild: () => undefined,
      handleToolEvent: async (chunk: unknown) => void events.push(chunk),
    };
    await expect(runOriginalTool(streaming, {}, { runManager: runManager as never, config: undefined })).resolves.toBe(
      'done',
    );
    expect(events).toStrictEqual([]);
  });

  it('invokes any other tool, without its tool call, so that it returns its output', async () => {
    const lambda = RunnableLambda.from((input: { n: number }) => input.n * 2).asTool({
      name: 'double',
      description: 'Doubles.',
      schema: { type: 'object', properties: { n: { type: 'number' } } } as never,
    });
    const config = { toolCall: { id: 'call_1', name: 'double', args: { n: 2 }, type: 'tool_call' as const } };
    await expect(runOriginalTool(lambda as never, { n: 2 }, { runManager: undefined, config })).resolves.toBe(4);
  });
});
