import type { RunnableConfig } from '@langchain/core/runnables';

/** What the Brane session of a tool call is read from: the LangChain config of the call. */
export type ThreadSessionId = (config: RunnableConfig | undefined) => string | undefined;

/**
 * The session of a tool call by default: the LangGraph thread, `configurable.thread_id` (the id a checkpointer
 * keeps a conversation under), when it is a non-empty string or a number. `undefined` (no session) without one.
 */
export function defaultThreadSessionId(config: RunnableConfig | undefined): string | undefined {
  const id: unknown = (config?.configurable as Record<string, unknown> | undefined)?.['thread_id'];
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id !== '' ? id : undefined;
}
