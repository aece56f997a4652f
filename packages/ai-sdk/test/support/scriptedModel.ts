import { simulateReadableStream, type ToolExecutionOptions } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

type MockOptions = NonNullable<ConstructorParameters<typeof MockLanguageModelV3>[0]>;
type GenerateResult = Awaited<ReturnType<Extract<MockOptions['doGenerate'], (...args: never[]) => unknown>>>;
type StreamResult = Awaited<ReturnType<Extract<MockOptions['doStream'], (...args: never[]) => unknown>>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
/** The prompt the model was called with. */
export type Prompt = MockLanguageModelV3['doGenerateCalls'][number]['prompt'];

/** One scripted model turn: tool calls, or a text answer. */
export type Turn =
  | { readonly toolCalls: readonly { readonly id: string; readonly tool: string; readonly input: unknown }[] }
  | { readonly text: string };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/**
 * The SDK's own mock language model (`ai/test`), playing `turns` in order, one per model call, through
 * `doGenerate` (generateText) or `doStream` (streamText). After the last turn it keeps answering `done`.
 * `prompts` holds every prompt it was called with: what the model saw.
 */
export function scriptedModel(...turns: Turn[]): { model: MockLanguageModelV3; prompts: Prompt[] } {
  const prompts: Prompt[] = [];
  let next = 0;
  const turn = (prompt: Prompt): Turn => {
    prompts.push(prompt);
    return turns[next++] ?? { text: 'done' };
  };
  const model = new MockLanguageModelV3({
    doGenerate: async ({ prompt }) => generated(turn(prompt)),
    doStream: async ({ prompt }) => ({ stream: simulateReadableStream({ chunks: streamed(turn(prompt)) }) }),
  });
  return { model, prompts };
}

function generated(turn: Turn): GenerateResult {
  if ('text' in turn) {
    return {
      content: [{ type: 'text', text: turn.text }],
      finishReason: { unified: 'stop', raw: undefined },
      usage,
      warnings: [],
    };
  }
  return {
    content: turn.toolCalls.map((call) => ({
      type: 'tool-call' as const,
      toolCallId: call.id,
      toolName: call.tool,
      input: JSON.stringify(call.input),
    })),
    finishReason: { unified: 'tool-calls', raw: undefined },
    usage,
    warnings: [],
  };
}

function streamed(turn: Turn): StreamPart[] {
  const finish = (unified: 'stop' | 'tool-calls'): StreamPart => ({
    type: 'finish',
    finishReason: { unified, raw: undefined },
    usage,
  });
  if ('text' in turn) {
    return [
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: turn.text },
      { type: 'text-end', id: 't1' },
      finish('stop'),
    ];
  }
  return [
    ...turn.toolCalls.map((call): StreamPart => ({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.tool,
      input: JSON.stringify(call.input),
    })),
    finish('tool-calls'),
  ];
}

/** The tool results the model was shown in `prompt`, by tool call id. */
export function toolOutputsSeen(prompt: Prompt | undefined): Record<string, unknown> {
  const seen: Record<string, unknown> = {};
  for (const message of prompt ?? []) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) if (part.type === 'tool-result') seen[part.toolCallId] = part.output;
  }
  return seen;
}

/**
 * Calls a (governed) tool's `execute` directly, as the SDK does, as tool call `toolCallId` with no messages.
 * The result is `unknown`: a governed tool may return a `BraneToolDenial` instead of its own output.
 */
export async function executeTool(
  tool: { execute?: ((input: never, options: ToolExecutionOptions) => unknown) | undefined },
  input: unknown,
  options: Partial<ToolExecutionOptions> = {},
): Promise<unknown> {
  if (tool.execute === undefined) throw new Error('the tool has no execute');
  return await tool.execute(input as never, { toolCallId: 'call_1', messages: [], ...options });
}
