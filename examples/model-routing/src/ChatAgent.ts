import { Capability, currentAction, type ActionRoute, type RoutingOptions } from '@brane/sdk';
import { ModelClient } from './ModelClient.js';

/** The model `chat_completion` uses, and the models and providers a `route` decision may send it to. */
export const CHAT_ROUTING = {
  model: 'gpt-4o',
  provider: 'openai',
  models: ['gpt-4o-mini', 'llama-3.1-8b'],
  providers: ['openai', 'local'],
} as const satisfies RoutingOptions;

/** A chat reply: the text, the model and provider that answered, and the route Brane applied, if any. */
export interface ChatReply {
  readonly text: string;
  readonly model: string;
  readonly provider: string;
  readonly route: ActionRoute | undefined;
}

/** An agent that answers through a chat model. */
export class ChatAgent {
  constructor(readonly client: ModelClient = new ModelClient()) {}

  /**
   * Answers `prompt` with the model a `route` decision chose, or with the default one. The body must read
   * the route: Brane records where a policy sent the call, and only the capability can honour it.
   */
  @Capability({
    name: 'chat_completion',
    type: 'model',
    risk: 'medium',
    owner: 'ml-platform',
    routing: CHAT_ROUTING,
  })
  async chatCompletion(prompt: string): Promise<ChatReply> {
    const route = currentAction()?.route;
    const model = route?.to.model ?? CHAT_ROUTING.model;
    const provider = route?.to.provider ?? CHAT_ROUTING.provider;
    const completion = await this.client.complete({ provider, model, prompt });
    return { text: completion.text, model: completion.model, provider: completion.provider, route };
  }
}
