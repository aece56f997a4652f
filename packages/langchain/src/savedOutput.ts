import type { ToolMessage } from '@langchain/core/messages';
import { Command, isCommand, type CommandParams } from '@langchain/langgraph';

/**
 * A tool call's answer as a checkpointed task keeps it. A `ToolMessage` survives the checkpointer as it is;
 * a `Command` does not (its JSON form drops `graph` and leaves its messages unrevived), so it is kept as
 * its parameters and built again.
 */
export type SavedOutput = { readonly message: ToolMessage } | { readonly command: CommandParams };

/** The checkpointable form of a tool call's answer. */
export function saveOutput(output: ToolMessage | Command): SavedOutput {
  if (!isCommand(output)) return { message: output };
  const command: { -readonly [K in keyof CommandParams]: CommandParams[K] } = {};
  if (output.update !== undefined) command.update = output.update;
  const goto = output.goto;
  if (goto !== undefined && !(Array.isArray(goto) && goto.length === 0)) command.goto = goto;
  if (output.resume !== undefined) command.resume = output.resume;
  if (output.graph !== undefined) command.graph = output.graph;
  return { command };
}

/** The answer a {@link SavedOutput} was made from. */
export function restoreOutput(saved: SavedOutput): ToolMessage | Command {
  return 'message' in saved ? saved.message : new Command(saved.command);
}
