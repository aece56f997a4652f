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

/** One function call the scripted model makes. */
export interface ScriptedCall {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>> | string;
  readonly callId: string;
}

/** One turn of the script: function calls, or the final message. */
export type ScriptedTurn = { readonly calls: readonly ScriptedCall[] } | { readonly text: string };

/**
 * A `Model` of the Agents SDK that plays a script instead of calling an API: each request gets the next
 * turn. A turn may be a function of the request, to answer with what the tools returned. It records every
 * request, so tests can read what the model was given.
 */
export class ScriptedModel implements Model {
  readonly requests: ModelRequest[] = [];
  readonly #turns: (ScriptedTurn | ((request: ModelRequest) => ScriptedTurn))[];

  constructor(turns: (ScriptedTurn | ((request: ModelRequest) => ScriptedTurn))[]) {
    this.#turns = [...turns];
  }

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const next = this.#turns.shift();
    if (next === undefined) throw new Error('The scripted model has no turn left');
    const turn = typeof next === 'function' ? next(request) : next;
    return { usage: new Usage(), output: outputOf(turn), responseId: `resp_${this.requests.length}` };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield {
      type: 'response_done',
      response: {
        id: response.responseId ?? 'resp',
        usage: { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        // The stream's item types are the protocol's; the scripted items are of those types.
        output: response.output as StreamEventResponseCompleted['response']['output'],
      },
    };
  }

  /** What the model was given as the output of call `callId`, in the last request that had it. */
  toolOutput(callId: string): string | undefined {
    for (const request of [...this.requests].reverse()) {
      const found = outputFor(request.input, callId);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

/** The text of the output of call `callId` in a request's input, if it is there. */
export function outputFor(input: string | AgentInputItem[], callId: string): string | undefined {
  if (typeof input === 'string') return undefined;
  for (const item of input) {
    if (item.type !== 'function_call_result' || item.callId !== callId) continue;
    const { output } = item;
    if (typeof output === 'string') return output;
    if (!Array.isArray(output) && output.type === 'text') return output.text;
    return JSON.stringify(output);
  }
  return undefined;
}

function outputOf(turn: ScriptedTurn): AgentOutputItem[] {
  if ('text' in turn) {
    return [
      {
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: turn.text }],
      },
    ];
  }
  return turn.calls.map((call) => ({
    type: 'function_call',
    callId: call.callId,
    name: call.name,
    status: 'completed',
    arguments: typeof call.args === 'string' ? call.args : JSON.stringify(call.args),
  }));
}
