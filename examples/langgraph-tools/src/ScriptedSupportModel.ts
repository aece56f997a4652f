import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, type ToolCall } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

/** What the model does for a user's request: the tool calls it makes. */
export type Plan = (request: string) => ToolCall[];

/**
 * A scripted tool-calling chat model, so the example runs offline and always the same way. On the user's
 * request it makes the tool calls of its plan; once the tools have answered, it reports what each said.
 */
export class ScriptedSupportModel extends BaseChatModel {
  constructor(readonly plan: Plan) {
    super({});
  }

  _llmType(): string {
    return 'scripted-support';
  }

  override bindTools(): this {
    return this; // the plan already knows the tools
  }

  _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const last = messages.at(-1);
    let message: AIMessage;
    if (last?.type === 'human') {
      message = new AIMessage({ content: '', tool_calls: this.plan(last.text) });
    } else {
      const told = messages.filter((candidate) => candidate.type === 'tool').map((tool) => `- ${tool.text}`);
      message = new AIMessage(`Here is what I did:\n${told.join('\n')}`);
    }
    return Promise.resolve({ generations: [{ message, text: message.text }] });
  }
}

/** A tool call as a model makes it. */
export function toolCall(name: string, args: Record<string, unknown>, id: string): ToolCall {
  return { name, args, id, type: 'tool_call' };
}
