import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

/** The prompt a model call gets. */
export type Prompt = Parameters<MockLanguageModelV3['doGenerate']>[0]['prompt'];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;
type Turn = { readonly toolCall: { id: string; tool: string; input: unknown } } | { readonly text: string };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/**
 * A scripted stand-in for a real model, built on the SDK's own `MockLanguageModelV3` (no key, no network).
 * It reads its prompt as a model would: a user asking to "look up cust_x" or "refund cust_x $N" gets a tool
 * call; after a tool result, it answers with what the result told it, so what Brane let the model see
 * shows in its answer. `prompts` keeps every prompt it was given.
 */
export function scriptedModel(): { model: MockLanguageModelV3; prompts: Prompt[] } {
  const prompts: Prompt[] = [];
  let calls = 0;
  const turn = (prompt: Prompt): Turn => {
    prompts.push(prompt);
    return nextTurn(prompt, () => `call_${++calls}`);
  };
  const model = new MockLanguageModelV3({
    doGenerate: ({ prompt }) => Promise.resolve(generated(turn(prompt))),
    doStream: ({ prompt }) => Promise.resolve({ stream: simulateReadableStream({ chunks: streamed(turn(prompt)) }) }),
  });
  return { model, prompts };
}

function nextTurn(prompt: Prompt, nextId: () => string): Turn {
  const last = prompt.at(-1);
  if (last?.role === 'tool') {
    const seen = last.content.flatMap((part) => (part.type === 'tool-result' ? [part.output] : []));
    return { text: seen.map(answer).join(' ') };
  }
  const asked =
    last?.role === 'user' ? last.content.map((part) => (part.type === 'text' ? part.text : '')).join('') : '';
  const lookup = /look up (\w+)/i.exec(asked);
  if (lookup) return { toolCall: { id: nextId(), tool: 'lookup_customer', input: { customerId: lookup[1] } } };
  const refund = /refund (\w+) \$(\d+)/i.exec(asked);
  if (refund) {
    const input = { customerId: refund[1], amountUsd: Number(refund[2]) };
    return { toolCall: { id: nextId(), tool: 'refund', input } };
  }
  return { text: 'How can I help?' };
}

/** What the model says about one tool result it was shown. */
function answer(output: { type: string; value?: unknown; reason?: string }): string {
  switch (output.type) {
    case 'error-text':
      return `I could not do that. ${String(output.value)}`;
    case 'execution-denied':
      return `You did not approve that${output.reason === undefined ? '' : `: ${output.reason}`}.`;
    default:
      return `Done: ${JSON.stringify(output.value)}.`;
  }
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
  const { id, tool, input } = turn.toolCall;
  return {
    content: [{ type: 'tool-call', toolCallId: id, toolName: tool, input: JSON.stringify(input) }],
    finishReason: { unified: 'tool-calls', raw: undefined },
    usage,
    warnings: [],
  };
}

function streamed(turn: Turn): StreamPart[] {
  if ('text' in turn) {
    return [
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: turn.text },
      { type: 'text-end', id: 't' },
      { type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage },
    ];
  }
  const { id, tool, input } = turn.toolCall;
  return [
    { type: 'tool-call', toolCallId: id, toolName: tool, input: JSON.stringify(input) },
    { type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage },
  ];
}
