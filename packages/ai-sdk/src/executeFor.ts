import type { ToolExecutionOptions } from 'ai';
import { denialOf } from './denialOf.js';
import type { GovernedTool } from './GovernedTool.js';
import { runApproved } from './runApproved.js';
import { approvalResponseOf } from './sdkApprovals.js';
import { toolCallScope } from './toolCallScope.js';

/**
 * The `execute` of a governed tool: every call goes through Brane's lifecycle as a call of the tool's
 * capability, with the tool call's input as its one object argument. An allowed call runs the tool's own
 * `execute` once, on the arguments the policies saw, and returns its output after the after-policies (a
 * redaction applies to what the SDK, and the model, get). A call the user approved through the SDK's flow
 * runs on its Brane approval ({@link runApproved}). When Brane refuses the call, the tool returns a
 * `BraneToolDenial` (a result, so the generation goes on); any other error is thrown, as the SDK expects.
 */
export function executeFor(governed: GovernedTool) {
  return async (input: unknown, options: ToolExecutionOptions): Promise<unknown> => {
    const scope = { capability: governed.capability, execute: governed.execute, options, probe: false };
    return toolCallScope.run(scope, async () => {
      try {
        const response = approvalResponseOf(options.toolCallId, options.messages ?? []);
        if (response?.approved !== true) return await governed.call(input as Record<string, unknown>);
        return await runApproved(governed, input, options, response);
      } catch (error) {
        const denial = denialOf(error, governed, governed.options.describeDenial);
        if (denial === undefined) throw error;
        return denial;
      }
    });
  };
}
