import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { Decision } from '@brane/decisions';
import { Runtime } from '@brane/core';
import { governTools } from '../src/index.js';
import { modelOutputFor } from '../src/modelOutputFor.js';
import { scriptedModel, toolOutputsSeen } from './support/scriptedModel.js';

const denial = {
  type: 'brane-denial',
  outcome: 'denied',
  tool: 't',
  capability: 'ai.t',
  reason: 'r',
  message: 'No: r.',
};

describe('modelOutputFor', () => {
  it('shows a denial to the model as error text', async () => {
    const plain = tool({ inputSchema: jsonSchema({ type: 'object' }), execute: async () => 1 });
    expect(await modelOutputFor(plain)({ toolCallId: 'c', input: {}, output: denial })).toStrictEqual({
      type: 'error-text',
      value: 'No: r.',
    });
  });

  it('sends other outputs as the SDK does by default: strings as text, the rest as JSON', async () => {
    const plain = tool({ inputSchema: jsonSchema({ type: 'object' }), execute: async () => 1 });
    const output = modelOutputFor(plain);
    expect(await output({ toolCallId: 'c', input: {}, output: 'hello' })).toStrictEqual({
      type: 'text',
      value: 'hello',
    });
    expect(await output({ toolCallId: 'c', input: {}, output: { a: 1 } })).toStrictEqual({
      type: 'json',
      value: { a: 1 },
    });
    expect(await output({ toolCallId: 'c', input: {}, output: undefined })).toStrictEqual({
      type: 'json',
      value: null,
    });
  });

  it("keeps the tool's own toModelOutput for its own outputs, and never hands it a denial", async () => {
    const runtime = new Runtime({ agentId: 'a' });
    runtime.beforeCapability('ai.weather', { name: 'no_mars' }, (ctx) =>
      ctx.arg('city') === 'Mars' ? Decision.deny('No weather on Mars') : Decision.allow(),
    );
    const weather = tool({
      inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } } }),
      execute: async ({ city }: { city: string }) => ({ city, celsius: 21 }),
      toModelOutput: ({ output }: { output: { city: string; celsius: number } }) => ({
        type: 'text' as const,
        value: `${output.city}: ${output.celsius.toFixed(0)} °C`,
      }),
    });
    const { model, prompts } = scriptedModel({
      toolCalls: [
        { id: 'a', tool: 'weather', input: { city: 'Oslo' } },
        { id: 'b', tool: 'weather', input: { city: 'Mars' } },
      ],
    });

    await generateText({ model, tools: governTools(runtime, { weather }), prompt: 'go', stopWhen: stepCountIs(3) });

    expect(toolOutputsSeen(prompts[1])).toStrictEqual({
      a: { type: 'text', value: 'Oslo: 21 °C' },
      b: { type: 'error-text', value: expect.stringContaining('No weather on Mars') as string },
    });
  });
});
