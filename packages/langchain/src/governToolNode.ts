import type { Runtime } from '@brane/core';
import type { ClientTool } from '@langchain/core/tools';
import { assertRuntime } from './assertGovernable.js';
import { GovernedToolNode, type GovernedToolNodeOptions } from './GovernedToolNode.js';
import type { GovernToolsOptions } from './GovernToolOptions.js';
import { governList } from './governTools.js';
import { parseGovernOptions } from './parseGovernOptions.js';

/**
 * Options of {@link governToolNode}: those of `governTools`, of LangGraph's `ToolNode`, and `authorizeApprover`
 * (who may answer its approval interrupts: see {@link GovernedToolNodeOptions}). All optional.
 */
export type GovernToolNodeOptions = GovernToolsOptions & GovernedToolNodeOptions;

/**
 * A LangGraph tool node that governs `tools` (see {@link governTools}; tools already governed by this
 * runtime are kept) and turns Brane's approvals into interrupts (see {@link GovernedToolNode}).
 *
 * @example
 * const graph = new StateGraph(MessagesAnnotation)
 *   .addNode('agent', callModel)
 *   .addNode('tools', governToolNode(runtime, [searchOrders, refundCustomer], { authorizeApprover }))
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
  const extra = ['name', 'tags', 'handleToolErrors', 'authorizeApprover'];
  const parsed = parseGovernOptions(options, 'tools', 'governToolNode', extra);
  const governed = governList(runtime, tools, parsed, 'governToolNode');
  return new GovernedToolNode(runtime, governed, parsed.rest);
}
