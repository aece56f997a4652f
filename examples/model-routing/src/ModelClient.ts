/** Which models each provider serves, in this offline stand-in. */
const SERVED: Readonly<Record<string, readonly string[]>> = {
  openai: ['gpt-4o', 'gpt-4o-mini'],
  local: ['llama-3.1-8b'],
};

/** A request to one model of one provider. */
export interface CompletionRequest {
  readonly provider: string;
  readonly model: string;
  readonly prompt: string;
}

/** What a model answered, and which model and provider answered it. */
export interface Completion {
  readonly provider: string;
  readonly model: string;
  readonly text: string;
}

/**
 * Stands in for the model providers' APIs, offline: it answers with a canned text naming the model, and
 * keeps every request it gets, so the example can prove which model a prompt reached.
 */
export class ModelClient {
  readonly requests: CompletionRequest[] = [];

  /** Sends the prompt to `model` at `provider` (after a simulated network round trip). */
  async complete(request: CompletionRequest): Promise<Completion> {
    const { provider, model, prompt } = request;
    if (!(SERVED[provider] ?? []).includes(model)) throw new Error(`Provider ${provider} does not serve ${model}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.requests.push({ provider, model, prompt });
    return { provider, model, text: `(${model} answers: ${prompt.length} characters read)` };
  }
}
