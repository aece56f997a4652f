import { governToolNode } from '@brane/langchain';
import type { Runtime } from '@brane/sdk';
import type { ClientTool } from '@langchain/core/tools';
import { END, MemorySaver, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { toolsCondition } from '@langchain/langgraph/prebuilt';
import { authorizeApprover } from './authorizeApprover.js';
import type { ScriptedSupportModel } from './ScriptedSupportModel.js';

/**
 * The support agent: the usual LangGraph tool-calling loop (model, then tools while the model calls some),
 * whose tool node is Brane's. The checkpointer is what lets an approval pause the graph and resume it; the
 * approver of an interrupt is the signed-in user `authorizeApprover` reads from the config.
 */
export function supportGraph(runtime: Runtime, model: ScriptedSupportModel, tools: readonly ClientTool[]) {
  const node = governToolNode(runtime, tools, {
    capabilities: {
      refund_customer: { risk: 'high', effect: { type: 'financial', reversible: false, external: true } },
      delete_customer: { risk: 'critical', effect: { type: 'delete', reversible: false } },
      lookup_customer: { risk: 'low', effect: { type: 'read' }, dataNamespace: 'crm.customers' },
      search_orders: { risk: 'low', effect: { type: 'read' } },
    },
    authorizeApprover,
  });
  return new StateGraph(MessagesAnnotation)
    .addNode('agent', async (state) => ({ messages: [await model.invoke(state.messages)] }))
    .addNode('tools', node)
    .addEdge(START, 'agent')
    .addConditionalEdges('agent', toolsCondition, ['tools', END])
    .addEdge('tools', 'agent')
    .compile({ checkpointer: new MemorySaver() });
}
