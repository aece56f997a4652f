import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { finalOutput } from '../src/finalOutput.js';
import { governTools } from '../src/index.js';
import { scriptedModel } from './support/scriptedModel.js';

describe('finalOutput', () => {
  it('awaits a value, and takes the last value of an async iterable', async () => {
    expect(await finalOutput(42)).toBe(42);
    expect(await finalOutput(Promise.resolve('x'))).toBe('x');
    async function* steps() {
      yield 1;
      yield 2;
      yield 3;
    }
    expect(await finalOutput(steps())).toBe(3);
    expect(await finalOutput((async function* () {})())).toBeUndefined();
  });

  it('governs the final result of a tool with preliminary results, which never reach the SDK', async () => {
    const runtime = new Runtime({ agentId: 'a' });
    runtime.afterCapability('ai.report', { name: 'mask' }, () => Decision.redact(['secret']));
    const report = tool({
      inputSchema: jsonSchema<{ id: string }>({ type: 'object', properties: { id: { type: 'string' } } }),
      async *execute() {
        yield { status: 'loading', secret: 'early' };
        yield { status: 'done', secret: 's3cret' };
      },
    });
    const { model } = scriptedModel({ toolCalls: [{ id: 'c', tool: 'report', input: { id: 'r1' } }] });

    const result = await generateText({
      model,
      tools: governTools(runtime, { report }),
      prompt: 'go',
      stopWhen: stepCountIs(3),
    });

    expect(result.steps[0]?.toolResults.map((part) => part.output)).toStrictEqual([
      { status: 'done', secret: '[REDACTED]' },
    ]);
    expect(JSON.stringify(result.steps)).not.toMatch(/early|s3cret/);
  });
});
