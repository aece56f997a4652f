import { refuseTooDeep, type Runtime } from '@brane/core';
import { ApprovalRequiredError, BraneError, ConfigurationError, boundText, describeValue } from '@brane/errors';
import type { RunContext } from '@openai/agents';
import { approvalLinks } from './ApprovalLinks.js';
import { canonicalJson, type AuthorizeApprover } from '@brane/approvals';
import type { GovernOptions, InterruptionApproval } from './GovernOptions.js';
import { ProbeReachedError } from './ProbeReachedError.js';
import { refusalMessage } from './refusalMessage.js';
import { defaultRunSessionId, type RunSessionId } from './runSessionId.js';
import type { ToolCallDetails } from './sdkTypes.js';
import { toolCallScope } from './ToolCallScope.js';
import { toolParams } from './toolParams.js';

/** Runs a tool's own code with the input as the policies left it. */
export type ToolBody = (
  input: Record<string, unknown>,
  runContext: RunContext | undefined,
  details: ToolCallDetails | undefined,
) => Promise<unknown>;

/** What a {@link ToolGovernor} is made from. */
export interface ToolGovernorInit extends GovernOptions {
  readonly runtime: Runtime;
  /** The SDK tool's name (normalized by the SDK). */
  readonly toolName: string;
  readonly description: string;
  /** The SDK tool's JSON schema, where the argument names come from. */
  readonly parameters: unknown;
  readonly body: ToolBody;
  /** Where the tool is governed, for messages: `governedTool(lookup_order)`. */
  readonly declaredAt: string;
}

/**
 * Governs one function tool: the tool's body becomes a Brane capability (`openai.<tool name>` unless named
 * otherwise), and the SDK's two hooks go through it. `needsApproval` asks Brane, without running anything,
 * whether the call needs approval, and if so records the Brane approval request and links it to the tool
 * call; `execute` runs the call governed (or, for an approved call, through `runtime.resume`), and turns
 * every Brane refusal into the output the model gets.
 *
 * @internal
 */
export class ToolGovernor {
  /** The capability's name. */
  readonly capability: string;
  readonly #runtime: Runtime;
  readonly #toolName: string;
  readonly #params: readonly string[] | undefined;
  readonly #governed: (...args: unknown[]) => Promise<unknown>;
  readonly #refusalMessage: (error: BraneError) => string;
  readonly #authorizeApprover: AuthorizeApprover<InterruptionApproval> | undefined;
  readonly #sessionId: RunSessionId;

  constructor(init: ToolGovernorInit) {
    const capability = init.capability ?? {};
    if (typeof capability !== 'object' || capability === null || 'params' in capability || 'async' in capability) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${init.declaredAt}: \`capability\` must be capability options without \`params\` or \`async\` (the arguments come from the tool's schema, and a tool is async); got ${describeValue(capability)}`,
      );
    }
    if (init.refusalMessage !== undefined && typeof init.refusalMessage !== 'function') {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${init.declaredAt}: \`refusalMessage\` must be a function (got ${describeValue(init.refusalMessage)})`,
      );
    }
    if (init.authorizeApprover !== undefined && typeof init.authorizeApprover !== 'function') {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${init.declaredAt}: \`authorizeApprover\` must be a function (got ${describeValue(init.authorizeApprover)})`,
      );
    }
    if ((init.capability as { stream?: unknown } | undefined)?.stream === true) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${init.declaredAt}: a function tool of the Agents SDK returns one result, and the SDK does not stream tool output: \`stream\` cannot be set`,
      );
    }
    if (init.sessionId !== undefined && typeof init.sessionId !== 'function') {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${init.declaredAt}: \`sessionId\` must be a function of the run context (got ${describeValue(init.sessionId)})`,
      );
    }
    this.#sessionId = init.sessionId ?? defaultRunSessionId;
    this.#authorizeApprover = init.authorizeApprover;
    this.#runtime = init.runtime;
    this.#toolName = init.toolName;
    const describe = init.refusalMessage ?? refusalMessage;
    // What the model is told is bounded, whoever wrote it: a reason may quote an argument of any size.
    this.#refusalMessage = (error) => {
      const message = describe(error);
      return typeof message === 'string' ? boundText(message) : message;
    };
    const params = toolParams(init.parameters);
    this.#params = params;
    this.capability = capability.name ?? `openai.${init.toolName}`;
    const body = async (input: Record<string, unknown>): Promise<unknown> => {
      const call = toolCallScope.getStore();
      if (call?.probe === true) throw new ProbeReachedError();
      const output = await init.body(input, call?.runContext, call?.details);
      // Before the after-policies, and before the SDK serializes it for the model.
      refuseTooDeep(output, this.capability, 'output');
      return output;
    };
    const fn: (...args: never[]) => Promise<unknown> =
      params === undefined
        ? async ({ ...input }: Record<string, unknown>) => body(input)
        : async (...args: unknown[]) => body(inputOf(params, args));
    this.#governed = init.runtime.capability(
      {
        description: init.description,
        ...capability,
        name: this.capability,
        async: true,
        ...(params === undefined ? {} : { params }),
      },
      fn,
    ) as (...args: unknown[]) => Promise<unknown>;
  }

  /**
   * The SDK's `needsApproval`: `true` when Brane's before-policies ask for approval of this call. Then the
   * Brane approval request is recorded (by calling the governed function, which stops at the approval and
   * never reaches the tool) and linked to the call and the identity it runs as, for the interruption the SDK
   * makes of it. A call id another identity used in the same run context, or that this identity reused for other
   * input, gets a request of its own.
   */
  async needsApproval(runContext: RunContext, input: unknown, callId: string | undefined): Promise<boolean> {
    const sessionId = this.#sessionFor(runContext);
    if (sessionId !== undefined) {
      return this.#runtime.withContext({ sessionId }, () => this.needsApproval(runContext, input, callId));
    }
    if (callId === undefined) return false; // nothing to link an approval to: `execute` governs the call
    const identity = this.#runtime.identity;
    const key = inputKey(input);
    const linked = approvalLinks.get(runContext, this.#toolName, callId, identity, key);
    if (linked !== undefined && key !== undefined && linked.input === key) return true; // asked again on resume
    let args: unknown[];
    try {
      args = this.#argsOf(input);
      const { decision } = await this.#runtime.explain(this.capability, args);
      if (decision.type !== 'approval_required') return false;
    } catch (error) {
      if (error instanceof BraneError) return false; // `execute` governs the call and refuses it
      throw error;
    }
    try {
      await toolCallScope.run({ runContext, details: undefined, probe: true }, () => this.#governed(...args));
    } catch (error) {
      if (error instanceof ApprovalRequiredError) {
        await error.recorded;
        approvalLinks.set(runContext, {
          runtime: this.#runtime,
          tenantId: identity.tenantId, // what the call ran as, and the request is bound to
          principalId: identity.principalId,
          approvalId: error.approvalId,
          capability: this.capability,
          toolName: this.#toolName,
          callId,
          input: key,
          approverGroups: error.approverGroups,
          reason: error.reason,
          expiresAt: error.expiresAt,
          refusalMessage: this.#refusalMessage,
          authorizeApprover: this.#authorizeApprover,
        });
        return true;
      }
      // The policies changed their mind between the dry run and the call: `execute` governs it again.
      if (error instanceof ProbeReachedError || error instanceof BraneError) return false;
      throw error;
    }
    return false;
  }

  /**
   * The SDK's `execute`: runs the call governed, or, when the SDK resumes a call Brane asked approval for,
   * runs it through `runtime.resume` (the policies see `ctx.approval`, and it runs exactly once); only the identity
   * whose call asked for the approval finds its link: any other is governed afresh. A Brane
   * refusal becomes the tool's output for the model; the tool's own errors are the SDK's to handle. The
   * run's abort signal (`details.signal`) is the call's request signal (`withContext({ signal })`).
   */
  async execute(
    input: unknown,
    runContext: RunContext | undefined,
    details: ToolCallDetails | undefined,
  ): Promise<unknown> {
    const sessionId = this.#sessionFor(runContext);
    if (sessionId !== undefined) {
      return this.#runtime.withContext({ sessionId }, () => this.execute(input, runContext, details));
    }
    const callId = details?.toolCall?.callId;
    const link =
      runContext === undefined || callId === undefined
        ? undefined
        : approvalLinks.take(runContext, this.#toolName, callId, this.#runtime.identity, inputKey(input));
    const run = async (): Promise<unknown> => {
      try {
        if (link !== undefined) return await this.#runtime.resume(link.approvalId);
        return await this.#governed(...this.#argsOf(input));
      } catch (error) {
        if (error instanceof BraneError) return this.#refusalMessage(error);
        throw error;
      }
    };
    // The run's signal is the call's: a call abandoned while it waits for an approval withdraws its request.
    const signal = details?.signal;
    return toolCallScope.run({ runContext, details, probe: false }, () =>
      signal instanceof AbortSignal ? this.#runtime.withContext({ signal }, run) : run(),
    );
  }

  /** The session to run a call in: none when it already runs in one (an enclosing `withContext` wins). */
  #sessionFor(runContext: RunContext | undefined): string | undefined {
    return this.#runtime.identity.sessionId === undefined ? this.#sessionId(runContext) : undefined;
  }

  /**
   * The capability's arguments for a tool input: by name when the schema names them, else the object. Either way
   * the input is nested at most `MAX_ARGUMENT_DEPTH` deep as the model sent it, the object counting one level, as
   * in every adapter (the arguments by name are checked one level down, so it is measured here).
   */
  #argsOf(input: unknown): unknown[] {
    if (this.#params === undefined) return [input];
    refuseTooDeep(input, this.capability, 'input');
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `\`${this.capability}\` takes an object of arguments (got ${describeValue(input)})`,
      );
    }
    const params = this.#params;
    const unknown = Object.keys(input).filter((key) => !params.includes(key));
    if (unknown.length > 0) {
      throw new BraneError(
        'UNKNOWN_ARGUMENT',
        `\`${this.capability}\` has no argument ${unknown.map((key) => `\`${key}\``).join(', ')}: an argument the policies cannot name is refused`,
      );
    }
    // Own keys only: an argument the model left out is absent, never `Object.prototype`'s `constructor` or `toString`.
    return params.map((name) => (Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined));
  }
}

/** The tool's input object from the capability's arguments; an argument left `undefined` is left out. */
function inputOf(params: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  params.forEach((name, index) => {
    if (args[index] !== undefined) input[name] = args[index];
  });
  return input;
}

/** The input as canonical JSON, to tell a call asked about again from another call that reused its id. */
function inputKey(input: unknown): string | undefined {
  try {
    return canonicalJson(input);
  } catch {
    return undefined; // not JSON data: matches no link, so the call is asked about afresh
  }
}
