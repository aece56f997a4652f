import type { Runtime } from '@brane/core';
import type { ClientTool } from '@langchain/core/tools';
import type { ToolNodeOptions } from '@langchain/langgraph/prebuilt';
import { assertRuntime } from './assertGovernable.js';
import { GovernedToolNode } from './GovernedToolNode.js';
import type { GovernToolsOptions } from './GovernToolOptions.js';
import { governList } from './governTools.js';
import { parseGovernOptions } from './parseGovernOptions.js';

/** Options of {@link governToolNode}: those of `governTools` and of LangGraph's `ToolNode`. All optional. */
export type GovernToolNodeOptions = GovernToolsOptions & ToolNodeOptions;

/**
 * A LangGraph tool node that governs `tools` (see {@link governTools}; tools already governed by this
 * runtime are kept) and turns Brane's approvals into interrupts (see {@link GovernedToolNode}).
 *
 * @example
 * const graph = new StateGraph(MessagesAnnotation)
 *   .addNode('agent', callModel)
 *   .addNode('tools', governToolNode(runtime, [searchOrders, refundCustomer]))
 *   .addEdge(START, 'agent')
 *   .addConditionalEdges('agent', toolsCondition, ['tools', END])
 *   .addEdge('tools', 'agent')
 *   .compile({ checkpointer: new MemorySaver() });
 */
export function governToolNode(
  runtime: Runtime,
  tools: readonly ClientTool[],
  options?: GovernToolNodeOptions,
): GovernedToolNode {
  assertRuntime(runtime, 'governToolNode');
  const parsed = parseGovernOptions(options, 'tools', 'governToolNode', ['name', 'tags', 'handleToolErrors']);
  const governed = governList(runtime, tools, parsed, 'governToolNode');
  return new GovernedToolNode(runtime, governed, parsed.rest);
}
