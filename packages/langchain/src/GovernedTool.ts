import { generatorKind, refuseTooDeep, type Runtime } from '@brane/core';
import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
} from '@brane/errors';
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import { ToolMessage } from '@langchain/core/messages';
import {
  StructuredTool,
  Tool,
  type StructuredToolCallInput,
  type StructuredToolInterface,
  type ToolParams,
  type ToolReturnType,
  type ToolRunnableConfig,
} from '@langchain/core/tools';
import { approvalSlotFor, type ApprovalSlot } from './approvalSlots.js';
import { inputKeysOf } from './inputKeysOf.js';
import type { RefusalMode, ToolCapabilityOptions } from './GovernToolOptions.js';
import { pendingApprovalOf } from './pendingApprovalOf.js';
import type { RefusalArtifact } from './RefusalArtifact.js';
import { refusalMessages } from './refusalMessages.js';
import { runOriginalTool, streamOriginalTool } from './runOriginalTool.js';
import { shallowChunks } from './shallowChunks.js';
import { toolCallScope } from './toolCallScope.js';
import { defaultThreadSessionId, type ThreadSessionId } from './threadSessionId.js';

/** How {@link GovernedTool} is set up, once its options are validated. */
export interface GovernedToolSettings {
  readonly prefix: string;
  readonly refusals: RefusalMode;
  readonly capability?: ToolCapabilityOptions | undefined;
  /** The session of a call, from its config. Default {@link defaultThreadSessionId}. */
  readonly sessionId?: ThreadSessionId | undefined;
}

/**
 * A LangChain tool whose every call is a governed Brane capability. It has the original tool's name,
 * description and schema, so a model binds it as it would the original; each call is validated against
 * the schema, evaluated by the capability's before-policies (which see the tool's input by key:
 * `ctx.arg('amountUsd')`), runs the original tool on exactly the arguments they allowed, and returns its
 * output after the after-policies (redactions apply before the `ToolMessage` is made).
 *
 * When Brane does not let the call run, the model is told why: a deny, an approval request, or a rejected
 * or expired approval becomes a `ToolMessage` with status `error` (with `refusals: 'throw'`, Brane's error
 * instead). Make one with {@link governTool}.
 */
export class GovernedTool extends StructuredTool {
  override name: string;
  override description: string;
  override schema: StructuredToolInterface['schema'];
  /** The Brane capability each call is governed as, such as `langchain.refund_customer`. */
  readonly capability: string;
  /** The tool it governs. */
  readonly tool: StructuredToolInterface;
  /** The runtime that governs it. */
  readonly runtime: Runtime;
  readonly #governed: (input: Record<string, unknown>) => Promise<unknown> | AsyncGenerator<unknown, void, undefined>;
  /** Whether the tool streams events (an `async function*` body, or `capability.stream`): each is governed. */
  readonly #stream: boolean;
  readonly #refusals: RefusalMode;
  readonly #sessionId: ThreadSessionId;
  /** A string tool (`DynamicTool`): its input is one string, which policies see as `input`. */
  readonly #stringInput: boolean;

  constructor(runtime: Runtime, tool: StructuredToolInterface, settings: GovernedToolSettings) {
    super(inheritedFields(tool));
    this.name = tool.name;
    this.description = tool.description ?? ''; // a RunnableToolLike may have none
    this.schema = tool.schema;
    this.returnDirect = tool.returnDirect ?? false;
    this.tool = tool;
    this.runtime = runtime;
    this.#refusals = settings.refusals;
    this.#sessionId = settings.sessionId ?? defaultThreadSessionId;
    const stringInput = tool instanceof Tool;
    this.#stringInput = stringInput;
    const options = settings.capability ?? {};
    this.capability = options.name ?? `${settings.prefix}${tool.name}`;
    this.#stream = options.stream ?? generatorKind((tool as { func?: unknown }).func) !== undefined;
    const capability = {
      type: 'tool' as const,
      description: this.description,
      ...options,
      name: this.capability,
      metadata: { framework: 'langchain', tool: tool.name, ...options.metadata },
      // A transform naming a key the tool's schema does not is a deny.
      keys: options.keys ?? inputKeysOf(tool, stringInput),
    };
    const argOf = (input: Record<string, unknown>): unknown => (stringInput ? input['input'] : input);
    const name = this.capability;
    // An output (or chunk) nested past MAX_ARGUMENT_DEPTH is refused before the after-policies, and before
    // LangChain writes its ToolMessage (whose `JSON.stringify` would fail into the text `[object Object]`).
    this.#governed = this.#stream
      ? runtime.capability({ ...capability, stream: true }, ({ ...input }: Record<string, unknown>) =>
          shallowChunks(name, streamOriginalTool(tool, argOf(input), toolCallScope.getStore())),
        )
      : runtime.capability(capability, async ({ ...input }: Record<string, unknown>): Promise<unknown> => {
          const output = await runOriginalTool(tool, argOf(input), toolCallScope.getStore());
          refuseTooDeep(output, name, 'output');
          return output;
        });
  }

  /** Invokes the tool; a string tool also takes its input as a string, as `DynamicTool` does. */
  override invoke<TInput extends StructuredToolCallInput, TConfig extends ToolRunnableConfig | undefined>(
    input: TInput,
    config?: TConfig,
  ): Promise<ToolReturnType<TInput, TConfig, unknown>> {
    const structured = this.#stringInput && (typeof input === 'string' || input === undefined) ? { input } : input;
    return super.invoke(structured as TInput, config);
  }

  /**
   * Runs the governed call: LangChain has validated `arg`, and makes the `ToolMessage` of what it returns.
   * The run's `signal` is the call's request signal: a call abandoned while it waits for an approval
   * withdraws its request. A streaming tool returns an async generator, as LangChain expects of one: its
   * events, each governed, then its result (see {@link streamOriginalTool}).
   */
  protected override async _call(
    arg: unknown,
    runManager?: CallbackManagerForToolRun,
    parentConfig?: ToolRunnableConfig,
  ): Promise<unknown> {
    const toolCallId = parentConfig?.toolCall?.id;
    const slot = approvalSlotFor(toolCallId, this.capability);
    const input = (this.#stringInput ? { input: arg } : arg) as Record<string, unknown>;
    const signal = parentConfig?.signal;
    // The call's session: the thread's, unless an enclosing `withContext` named one.
    const sessionId = this.runtime.identity.sessionId === undefined ? this.#sessionId(parentConfig) : undefined;
    const run = (): Promise<unknown> =>
      toolCallScope.run({ runManager, config: parentConfig }, async () =>
        slot?.resume === undefined ? this.#governed(input) : this.runtime.resume(slot.resume),
      );
    const context = { ...(signal === undefined ? {} : { signal }), ...(sessionId === undefined ? {} : { sessionId }) };
    try {
      const output = await (Object.keys(context).length === 0 ? run() : this.runtime.withContext(context, run));
      return this.#stream ? this.#events(output as AsyncIterable<unknown>, toolCallId, slot) : output;
    } catch (error) {
      return this.#refuse(error, toolCallId, slot);
    }
  }

  /**
   * A streaming tool's governed chunks as LangChain reads a tool's stream: every chunk but the last is an
   * event (`on_tool_event`), the last is the result. So each event is yielded once the next chunk arrived;
   * a refusal mid-stream ends the events (the denied chunk is never delivered) and becomes the result.
   */
  async *#events(
    chunks: AsyncIterable<unknown>,
    toolCallId: string | undefined,
    slot: ApprovalSlot | undefined,
  ): AsyncGenerator<unknown, unknown, undefined> {
    let held: { readonly chunk: unknown } | undefined;
    try {
      for await (const chunk of chunks) {
        if (held !== undefined) yield held.chunk;
        held = { chunk };
      }
    } catch (error) {
      if (held !== undefined) yield held.chunk; // it passed the policies: an event, before the refusal
      return await this.#refuse(error, toolCallId, slot);
    }
    return held?.chunk;
  }

  /** Answers a call Brane did not let run, or rethrows an error that is not Brane's refusal. */
  async #refuse(error: unknown, toolCallId: string | undefined, slot: ApprovalSlot | undefined): Promise<unknown> {
    let content: string;
    let artifact: RefusalArtifact | undefined;
    if (error instanceof CapabilityDeniedError) {
      content = refusalMessages.denied(error);
      const { reason, policyName, actionId, stage } = error;
      artifact = { brane: { outcome: 'denied', reason, policyName, actionId, stage } };
    } else if (error instanceof ApprovalRequiredError && error.capability === this.capability) {
      const approval = await pendingApprovalOf(this.runtime, error, this.name, toolCallId ?? '');
      if (slot !== undefined) slot.approval = approval;
      content = refusalMessages.approvalRequired(approval);
      artifact = { brane: { outcome: 'approval_required', approval } };
    } else if (error instanceof ApprovalRejectedError) {
      content = refusalMessages.rejected(error);
      artifact = { brane: { outcome: 'not_approved', approvalId: error.approvalId, reason: content } };
    } else if (error instanceof ApprovalExpiredError) {
      content = refusalMessages.expired(error);
      artifact = { brane: { outcome: 'not_approved', approvalId: error.approvalId, reason: content } };
    } else if (error instanceof ApprovalError && slot?.resume !== undefined) {
      content = refusalMessages.unusable(error);
      artifact = { brane: { outcome: 'not_approved', approvalId: error.approvalId, reason: content } };
    } else {
      throw error;
    }
    if (this.#refusals === 'throw') throw error;
    const answer =
      toolCallId === undefined
        ? content
        : new ToolMessage({ content, tool_call_id: toolCallId, name: this.name, status: 'error', artifact });
    // A tool that returns (content, artifact) pairs: LangChain passes a ToolMessage in the content through.
    return this.responseFormat === 'content_and_artifact' ? [answer, artifact] : answer;
  }
}

/** The original tool's LangChain settings that a wrapper must keep: callbacks, tags, metadata, formats. */
function inheritedFields(tool: StructuredToolInterface): ToolParams {
  const source = tool as Partial<StructuredTool>;
  const fields: ToolParams = {};
  if (source.responseFormat !== undefined) fields.responseFormat = source.responseFormat;
  if (source.verboseParsingErrors !== undefined) fields.verboseParsingErrors = source.verboseParsingErrors;
  if (source.defaultConfig !== undefined) fields.defaultConfig = source.defaultConfig;
  if (source.metadata !== undefined) fields.metadata = source.metadata;
  if (source.extras !== undefined) fields.extras = source.extras;
  if (source.callbacks !== undefined) fields.callbacks = source.callbacks;
  if (source.tags !== undefined) fields.tags = source.tags;
  if (source.verbose !== undefined) fields.verbose = source.verbose;
  return fields;
}
