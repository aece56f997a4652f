import { generatorKind } from '@brane/core';
import { ConfigurationError } from '@brane/errors';

/**
 * Refuses a tool handler that streams (`function*`, `async function*`): MCP returns one result per tool call
 * and has no way to stream tool output, and a generator's body would run after its governed call ended.
 * Refused when the tool is registered (or its callback updated), never collected silently.
 *
 * @internal
 */
export function refuseStreamingHandler(name: string, callback: unknown): void {
  if (generatorKind(callback) === undefined) return;
  throw new ConfigurationError(
    'INVALID_DECORATOR_USAGE',
    `governMcpServer: tool \`${name}\` has a generator handler, but MCP does not stream tool output: a governed ` +
      'tool returns one result. Collect the chunks in the handler and return them as one result',
    { details: { tool: name } },
  );
}
