import type { ToolCall } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { ApprovalAnswer } from './ApprovalInterrupt.js';

/**
 * What `authorizeApprover` is given (as its `context`) when a governed tool node's approval interrupt is
 * answered: where to find who answered. Read the user your server authenticated from `config` (on LangGraph
 * Platform with custom auth, `config.configurable.langgraph_auth_user`), never from `answer.approver`, which is
 * whatever the resume value says.
 */
export interface GraphApproval {
  /** The config of the node run that received the answer. */
  readonly config: LangGraphRunnableConfig;
  /** The answer the graph was resumed with. */
  readonly answer: ApprovalAnswer;
  /** The model's tool call waiting on the approval. */
  readonly toolCall: ToolCall;
}
