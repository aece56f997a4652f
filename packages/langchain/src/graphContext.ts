import type { RunnableConfig } from '@langchain/core/runnables';

/** What a node's config says about the LangGraph run it is part of. */
export interface GraphContext {
  /** Whether the node runs inside a graph, where `task` and `interrupt` work. */
  readonly inGraph: boolean;
  /** Whether the graph has a checkpointer, which `interrupt` needs to pause and resume. */
  readonly checkpointer: boolean;
}

/**
 * Reads a node's config. LangGraph keeps these in `configurable` under keys it does not export
 * (`CONFIG_KEY_CALL` and `CONFIG_KEY_CHECKPOINTER` in `@langchain/langgraph/dist/constants`), the same
 * ones `task` and `interrupt` themselves check.
 */
export function graphContext(config: RunnableConfig | undefined): GraphContext {
  const configurable: Record<string, unknown> = config?.configurable ?? {};
  return {
    inGraph: typeof configurable['__pregel_call'] === 'function',
    checkpointer: configurable['__pregel_checkpointer'] !== undefined && configurable['__pregel_checkpointer'] !== null,
  };
}
