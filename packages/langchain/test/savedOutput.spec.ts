import { ToolMessage } from '@langchain/core/messages';
import { Command, Send } from '@langchain/langgraph';
import { restoreOutput, saveOutput } from '../src/savedOutput.js';

describe('saveOutput / restoreOutput', () => {
  it('keeps a ToolMessage as it is', () => {
    const message = new ToolMessage({ content: 'ok', tool_call_id: 'call_1' });
    expect(restoreOutput(saveOutput(message))).toBe(message);
  });

  it('keeps a Command as its parameters, JSON-safe, graph and sends included', () => {
    const command = new Command({
      graph: Command.PARENT,
      goto: [new Send('agent', { x: 1 })],
      update: { messages: [] },
    });
    const saved = saveOutput(command);
    const restored = restoreOutput(JSON.parse(JSON.stringify(saved)) as typeof saved) as Command;
    expect(restored).toBeInstanceOf(Command);
    expect(restored.graph).toBe(Command.PARENT);
    expect(restored.update).toStrictEqual({ messages: [] });
    expect(restored.goto).toStrictEqual([new Send('agent', { x: 1 })]);
    expect(saveOutput(new Command({ resume: 'yes' }))).toStrictEqual({ command: { resume: 'yes' } });
  });
});
