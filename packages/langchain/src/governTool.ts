import type { Runtime } from '@brane/core';
import { ConfigurationError } from '@brane/errors';
import type { ClientTool } from '@langchain/core/tools';
import { assertRuntime, assertTool } from './assertGovernable.js';
import { GovernedTool } from './GovernedTool.js';
import type { GovernToolOptions } from './GovernToolOptions.js';
import { parseGovernOptions } from './parseGovernOptions.js';

/**
 * Governs a LangChain tool: returns a {@link GovernedTool} with the same name, description and schema,
 * whose every call is the capability `langchain.<name>` (or `options.capability.name`), evaluated by the
 * runtime's policies. Bind it to a model and run it as you would the original; a deny or an approval
 * request reaches the model as a `ToolMessage` that says why the call did not run.
 *
 * A tool already governed by this runtime is returned as it is; one governed by another runtime is a
 * `ConfigurationError` (`ALREADY_GOVERNED`), and so is a second tool with the same capability name
 * (`DUPLICATE_CAPABILITY`).
 *
 * @example
 * const refund = governTool(runtime, refundTool, { capability: { risk: 'high', effect: { type: 'financial' } } });
 * runtime.beforeCapability('langchain.refund_customer', (ctx) =>
 *   ctx.arg<number>('amountUsd', 0) > 100 ? Decision.requireApproval({ approverGroup: 'finance-ops' }) : Decision.allow(),
 * );
 */
export function governTool(runtime: Runtime, tool: ClientTool, options?: GovernToolOptions): GovernedTool {
  assertRuntime(runtime, 'governTool');
  assertTool(tool, 'governTool');
  const parsed = parseGovernOptions(options, 'tool', `governTool(${tool.name})`);
  if (tool instanceof GovernedTool) {
    if (tool.runtime === runtime) return tool;
    throw new ConfigurationError(
      'ALREADY_GOVERNED',
      `governTool(${tool.name}): this tool is already governed by another runtime, as \`${tool.capability}\``,
    );
  }
  return new GovernedTool(runtime, tool, {
    prefix: parsed.prefix,
    refusals: parsed.refusals,
    sessionId: parsed.sessionId,
    capability: parsed.capabilities.get(''),
  });
}
