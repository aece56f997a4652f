import type { AuthorizeApprover } from '@brane/approvals';
import type { Runtime } from '@brane/core';
import { ConfigurationError, describeValue } from '@brane/errors';
import { ToolMessage, type ToolCall } from '@langchain/core/messages';
import { interrupt, task, type Command, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { ToolNode, type ToolNodeOptions } from '@langchain/langgraph/prebuilt';
import type { ApprovalAnswer, ApprovalInterrupt } from './ApprovalInterrupt.js';
import { approvalSlots, type ApprovalSlot } from './approvalSlots.js';
import { decideApproval } from './decideApproval.js';
import type { GraphApproval } from './GraphApproval.js';
import { GovernedTool } from './GovernedTool.js';
import { graphContext } from './graphContext.js';
import { parseApprovalAnswer } from './parseApprovalAnswer.js';
import type { PendingApproval } from './PendingApproval.js';
import type { RefusalArtifact } from './RefusalArtifact.js';
import { refusalMessages } from './refusalMessages.js';
import { restoreOutput, saveOutput, type SavedOutput } from './savedOutput.js';

/** Options of a {@link GovernedToolNode}: LangGraph's `ToolNode` options, and who may decide its approvals. */
export interface GovernedToolNodeOptions extends ToolNodeOptions {
  /**
   * Who answers an approval interrupt: maps the node's config and the answer to an approver your app vouches for,
   * `{ id, groups }`, or `undefined`. Brane records the decision as theirs, after checking the request's
   * `approverGroups`. Without it, an answer that names an `approver` is refused: the resume value is whatever its
   * sender wrote (a client, on LangGraph Platform), so only decisions already taken in Brane are relayed.
   */
  readonly authorizeApprover?: AuthorizeApprover<GraphApproval> | undefined;
}

/** What running one tool call led to: its answer, or an approval to wait for. Checkpointed. */
type Attempt = { readonly output: SavedOutput } | { readonly approval: PendingApproval };

/**
 * A LangGraph `ToolNode` for governed tools, in which Brane's approvals are LangGraph interrupts. It runs
 * the tool calls of the last AI message as a `ToolNode` does; when Brane says `approval_required`, the node
 * pauses the graph with `interrupt({ brane: PendingApproval })` (the request is already stored), and the
 * graph resumes with an {@link ApprovalAnswer}: `new Command({ resume: { approved: true } })` records the
 * decision of the approver `authorizeApprover` vouches for in Brane (or relays one taken in Brane already) and
 * runs the call through `runtime.resume`, once, with the policies seeing `ctx.approval`; `approved: false`
 * answers the model that it did not run. The graph must be resumed under the tenant and principal it ran as.
 *
 * LangGraph runs a node again from the start when it resumes, so each tool call's first run and each
 * decision are LangGraph tasks: their results are checkpointed, and the re-run reuses them. A resumed node
 * therefore neither asks for a second approval nor runs an allowed sibling call again, in this process or
 * another that shares the checkpointer and the approval store. Several approvals in one message are asked
 * for one after another, in the order of the tool calls. Interrupts need a checkpointer; without one, an
 * approval is a `ConfigurationError`. Outside a graph (`node.invoke(...)`), the tools answer an approval
 * request with a message, as they do anywhere.
 *
 * Make one with {@link governToolNode}; it also works as the `tools` of `createReactAgent`.
 */
export class GovernedToolNode extends ToolNode {
  /** The runtime that governs the tools. */
  readonly runtime: Runtime;
  /** Per node run (its config): the last tool call's turn, so that interrupts follow the calls' order. */
  readonly #turns = new WeakMap<object, Promise<unknown>>();
  readonly #authorizeApprover: AuthorizeApprover<GraphApproval> | undefined;

  constructor(runtime: Runtime, tools: readonly GovernedTool[], options: GovernedToolNodeOptions = {}) {
    const { authorizeApprover, ...toolNodeOptions } = options;
    if (authorizeApprover !== undefined && typeof authorizeApprover !== 'function') {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `new GovernedToolNode: \`authorizeApprover\` must be a function (got ${describeValue(authorizeApprover)})`,
      );
    }
    for (const tool of tools) {
      if (!(tool instanceof GovernedTool) || tool.runtime !== runtime) {
        throw new ConfigurationError(
          'INVALID_OPTIONS',
          `new GovernedToolNode: every tool must be governed by this runtime (see governTools); \`${String((tool as { name?: unknown }).name)}\` is not`,
        );
      }
    }
    super([...tools], toolNodeOptions);
    this.runtime = runtime;
    this.#authorizeApprover = authorizeApprover;
  }

  /** Runs one tool call: as a checkpointed task inside a graph, then waits on its approval, if any. */
  protected override runTool(
    call: ToolCall,
    config: LangGraphRunnableConfig,
    state: unknown,
  ): Promise<ToolMessage | Command> {
    const graph = graphContext(config);
    if (!graph.inGraph) return super.runTool(call, config, state);
    // Started before any await, in the order of the calls: LangGraph finds a task's saved result by its order.
    const attempt = task(`brane:${call.name}`, () => this.#attempt(call, config, state))();
    attempt.catch(() => undefined); // awaited in its turn; a failure there fails the node
    const previous = this.#turns.get(config) ?? Promise.resolve();
    const turn = previous.then(async () => this.#settle(call, config, state, await attempt, graph.checkpointer));
    this.#turns.set(config, turn);
    return turn;
  }

  /** Runs the call as a `ToolNode` would, and notes the approval the governed tool reports, if any. */
  async #attempt(call: ToolCall, config: LangGraphRunnableConfig, state: unknown): Promise<Attempt> {
    const tool = this.tools.find((candidate) => candidate.name === call.name);
    const capability = tool instanceof GovernedTool ? tool.capability : undefined;
    const slot: ApprovalSlot = { toolCallId: call.id ?? '', capability };
    let output: ToolMessage | Command | undefined;
    try {
      output = await approvalSlots.run(slot, () => super.runTool(call, config, state));
    } catch (error) {
      if (slot.approval === undefined) throw error;
    }
    return slot.approval === undefined
      ? { output: saveOutput(output as ToolMessage | Command) }
      : { approval: slot.approval };
  }

  /** The call's answer; for an approval, after the interrupt is answered (asking again until it can be used). */
  async #settle(
    call: ToolCall,
    config: LangGraphRunnableConfig,
    state: unknown,
    attempt: Attempt,
    checkpointer: boolean,
  ): Promise<ToolMessage | Command> {
    if ('output' in attempt) return restoreOutput(attempt.output);
    const approval = attempt.approval;
    if (!checkpointer) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `governToolNode: \`${approval.capability}\` needs approval (approval ${approval.approvalId}), and pausing the graph for it needs a checkpointer: compile the graph with one, such as \`new MemorySaver()\``,
        { details: { approvalId: approval.approvalId, capability: approval.capability } },
      );
    }
    let problem: string | undefined;
    for (;;) {
      const brane = problem === undefined ? approval : { ...approval, problem };
      const answer = parseApprovalAnswer(interrupt<ApprovalInterrupt, unknown>({ brane }));
      if (typeof answer === 'string') {
        problem = answer;
        continue;
      }
      const deciding = { authorizeApprover: this.#authorizeApprover, graph: { config, toolCall: call } };
      const decided = await task('brane:decide', async () => {
        const { problem: why, by } = await decideApproval(this.runtime, approval, answer, deciding);
        return { problem: why ?? null, by: by ?? null }; // checkpointed as JSON
      })();
      problem = decided.problem ?? undefined;
      if (problem !== undefined) continue;
      if (!answer.approved) return notApproved(call, approval, answer, decided.by ?? undefined);
      return restoreOutput(await task(`brane:${call.name}`, () => this.#resume(call, config, state, approval))());
    }
  }

  /** Runs the approved call as a `ToolNode` would, through `runtime.resume` (the governed tool reads the slot). */
  async #resume(
    call: ToolCall,
    config: LangGraphRunnableConfig,
    state: unknown,
    approval: PendingApproval,
  ): Promise<SavedOutput> {
    const slot: ApprovalSlot = {
      toolCallId: call.id ?? '',
      capability: approval.capability,
      resume: approval.approvalId,
    };
    return saveOutput(await approvalSlots.run(slot, () => super.runTool(call, config, state)));
  }
}

/** The answer to a call whose approval the human did not give. */
function notApproved(call: ToolCall, approval: PendingApproval, answer: ApprovalAnswer, by: string | undefined) {
  const content = refusalMessages.notApproved(approval, answer.comment, by);
  const artifact: RefusalArtifact = {
    brane: { outcome: 'not_approved', approvalId: approval.approvalId, reason: content },
  };
  return new ToolMessage({ content, tool_call_id: call.id ?? '', name: call.name, status: 'error', artifact });
}
