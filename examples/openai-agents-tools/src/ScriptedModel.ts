import {
  Usage,
  type AgentInputItem,
  type AgentOutputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  type StreamEventResponseCompleted,
} from '@openai/agents';

/** One turn of the script: the function calls the model makes, or its final message. */
export type Turn =
  | { readonly calls: readonly { readonly callId: string; readonly name: string; readonly args: object }[] }
  | { readonly text: string };

/**
 * A `Model` of the Agents SDK that plays a script instead of calling OpenAI, so the example runs offline
 * and the same every time. A turn may be a function of the request, to answer with what the tools returned.
 */
export class ScriptedModel implements Model {
  readonly requests: ModelRequest[] = [];
  readonly #turns: (Turn | ((request: ModelRequest) => Turn))[];

  constructor(turns: (Turn | ((request: ModelRequest) => Turn))[]) {
    this.#turns = [...turns];
  }

  getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const next = this.#turns.shift();
    if (next === undefined) return Promise.reject(new Error('The script has no turn left'));
    const turn = typeof next === 'function' ? next(request) : next;
    const output: AgentOutputItem[] =
      'text' in turn
        ? [
            {
              type: 'message',
              role: 'assistant',
              status: 'completed',
              content: [{ type: 'output_text', text: turn.text }],
            },
          ]
        : turn.calls.map((call) => ({
            type: 'function_call',
            callId: call.callId,
            name: call.name,
            status: 'completed',
            arguments: JSON.stringify(call.args),
          }));
    return Promise.resolve({ usage: new Usage(), output, responseId: `resp_${this.requests.length}` });
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const { output, responseId } = await this.getResponse(request);
    const usage = { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    const response = {
      id: responseId ?? 'resp',
      usage,
      output: output as StreamEventResponseCompleted['response']['output'],
    };
    yield { type: 'response_done', response };
  }
}

/** The outputs of the tool calls in a request, by call id, as the model got them. */
export function toolOutputs(request: ModelRequest): Map<string, string> {
  const outputs = new Map<string, string>();
  const input: AgentInputItem[] = typeof request.input === 'string' ? [] : request.input;
  for (const item of input) {
    if (item.type !== 'function_call_result') continue;
    const { output } = item;
    const text =
      typeof output === 'string' ? output : !Array.isArray(output) && output.type === 'text' ? output.text : '';
    outputs.set(item.callId, text);
  }
  return outputs;
}
