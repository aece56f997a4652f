import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import type { ToolRunnableConfig } from '@langchain/core/tools';

/** What the governed body of a tool takes from the LangChain call it runs in. */
export interface ToolCallScope {
  /** The run's callbacks, for the tool's own events. */
  readonly runManager: CallbackManagerForToolRun | undefined;
  /** The run's config (for a tool run by a `ToolNode`, its `ToolRuntime`: state, store, tool call id). */
  readonly config: ToolRunnableConfig | undefined;
}

/**
 * Carries the LangChain call into the governed body: a capability's arguments are only the tool's input
 * (what the policies see), so the callbacks and config travel beside them. Empty when an approval is
 * resumed outside LangChain (`runtime.resume` in another process): the tool then runs without them.
 */
export const toolCallScope = new AsyncLocalStorage<ToolCallScope>();
