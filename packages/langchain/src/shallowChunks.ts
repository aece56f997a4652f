import { refuseTooDeep } from '@brane/core';

/**
 * The chunks of a streaming tool's governed capability, each refused (`INVALID_ARGUMENT`) when nested past
 * `MAX_ARGUMENT_DEPTH`: an event goes to the run's callbacks (and its tracers), and the last chunk becomes the
 * `ToolMessage`, whose text LangChain writes with `JSON.stringify`, or `[object Object]` when that fails.
 *
 * @internal
 */
export async function* shallowChunks(
  capability: string,
  chunks: AsyncIterable<unknown>,
): AsyncGenerator<unknown, void, undefined> {
  for await (const chunk of chunks) {
    refuseTooDeep(chunk, capability, 'chunk');
    yield chunk;
  }
}
