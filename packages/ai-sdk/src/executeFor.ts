import type { ToolExecutionOptions } from 'ai';
import { denialOf } from './denialOf.js';
import { requireCallOptions } from './requireCallOptions.js';
import type { GovernedTool } from './GovernedTool.js';
import { runApproved } from './runApproved.js';
import { approvalResponseOf } from './sdkApprovals.js';
import { toolCallScope, type ToolCallScope } from './toolCallScope.js';
import { inToolSession } from './toolSessionId.js';

/**
 * The `execute` of a governed tool: every call goes through Brane's lifecycle as a call of the tool's
 * capability, with the tool call's input as its one object argument. An allowed call runs the tool's own
 * `execute` once, on the arguments the policies saw, and returns its output after the after-policies (a
 * redaction applies to what the SDK, and the model, get). A call the user approved through the SDK's flow
 * runs on its Brane approval ({@link runApproved}). When Brane refuses the call, the tool returns a
 * `BraneToolDenial` (a result, so the generation goes on); any other error is thrown, as the SDK expects.
 * The SDK's `abortSignal` is the call's request signal (`withContext({ signal })`): a call abandoned while
 * it waits for an approval withdraws its request. A streaming tool returns its preliminary results, each
 * governed; a deny mid-stream ends them with the `BraneToolDenial` as the final result.
 */
export function executeFor(governed: GovernedTool) {
  if (governed.stream) {
    return (input: unknown, options: ToolExecutionOptions): AsyncGenerator<unknown, void, undefined> => {
      requireCallOptions(governed.tool, 'execute', options);
      return streamedResults(governed, input, options);
    };
  }
  return async (input: unknown, options: ToolExecutionOptions): Promise<unknown> => {
    requireCallOptions(governed.tool, 'execute', options);
    try {
      return await governedCall(governed, input, options, await scopeOf(governed, options));
    } catch (error) {
      const denial = denialOf(error, governed, governed.options.describeDenial);
      if (denial === undefined) throw error;
      return denial;
    }
  };
}

async function* streamedResults(
  governed: GovernedTool,
  input: unknown,
  options: ToolExecutionOptions,
): AsyncGenerator<unknown, void, undefined> {
  try {
    const stream = await governedCall(governed, input, options, await scopeOf(governed, options));
    yield* stream as AsyncIterable<unknown>;
  } catch (error) {
    const denial = denialOf(error, governed, governed.options.describeDenial);
    if (denial === undefined) throw error;
    yield denial;
  }
}

async function scopeOf(governed: GovernedTool, options: ToolExecutionOptions): Promise<ToolCallScope> {
  const keys = await governed.keys;
  return { capability: governed.capability, execute: governed.execute, options, probe: false, keys };
}

/** The governed call (or its approved resume) in the tool call's scope, for the SDK's abort signal. */
function governedCall(
  governed: GovernedTool,
  input: unknown,
  options: ToolExecutionOptions,
  scope: ToolCallScope,
): Promise<unknown> {
  const { runtime } = governed.governor;
  const call = async (): Promise<unknown> => {
    const response = approvalResponseOf(options.toolCallId, options.messages ?? []);
    if (response?.approved !== true) return await governed.call(input as Record<string, unknown>);
    return await runApproved(governed, input, options, response);
  };
  const signal = options.abortSignal;
  return inToolSession(runtime, governed.options.sessionId(options), () =>
    toolCallScope.run(scope, () => (signal === undefined ? call() : runtime.withContext({ signal }, call))),
  );
}
