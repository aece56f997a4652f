import type { Runtime } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { ClientTool, StructuredToolInterface } from '@langchain/core/tools';
import { assertRuntime, assertTool } from './assertGovernable.js';
import { GovernedTool } from './GovernedTool.js';
import type { GovernToolsOptions } from './GovernToolOptions.js';
import { parseGovernOptions, type ParsedGovernOptions } from './parseGovernOptions.js';

/**
 * Governs several LangChain tools at once (see {@link governTool}), with capability options per tool name.
 * A name in `capabilities` that no tool has is a `ConfigurationError` (`INVALID_OPTIONS`), so a typo
 * cannot leave a high-risk tool with the default options.
 *
 * @example
 * const tools = governTools(runtime, [searchOrders, refundCustomer], {
 *   capabilities: { refund_customer: { risk: 'high', effect: { type: 'financial', reversible: false } } },
 * });
 */
export function governTools(
  runtime: Runtime,
  tools: readonly ClientTool[],
  options?: GovernToolsOptions,
): GovernedTool[] {
  assertRuntime(runtime, 'governTools');
  return governList(runtime, tools, parseGovernOptions(options, 'tools', 'governTools'), 'governTools');
}

/** Governs each tool of `tools` under `options`; shared with `governToolNode`. */
export function governList(
  runtime: Runtime,
  tools: readonly ClientTool[],
  options: ParsedGovernOptions,
  where: string,
): GovernedTool[] {
  if (!Array.isArray(tools)) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected an array of tools (got ${describeValue(tools)})`);
  }
  const checked = tools.map((tool: unknown, index): StructuredToolInterface => {
    assertTool(tool, `${where}: tools[${index}]`);
    return tool;
  });
  const names = new Set(checked.map((tool) => tool.name));
  for (const name of options.capabilities.keys()) {
    if (!names.has(name)) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${where}: \`capabilities.${name}\` names no tool (tools: ${[...names].join(', ') || 'none'})`,
      );
    }
  }
  return checked.map((tool) => {
    if (tool instanceof GovernedTool) {
      if (tool.runtime !== runtime) {
        throw new ConfigurationError(
          'ALREADY_GOVERNED',
          `${where}: tool \`${tool.name}\` is already governed by another runtime, as \`${tool.capability}\``,
        );
      }
      if (options.capabilities.has(tool.name)) {
        throw new ConfigurationError(
          'INVALID_OPTIONS',
          `${where}: tool \`${tool.name}\` is already governed, as \`${tool.capability}\`; its capability options cannot change`,
        );
      }
      return tool;
    }
    return new GovernedTool(runtime, tool, {
      prefix: options.prefix,
      refusals: options.refusals,
      sessionId: options.sessionId,
      capability: options.capabilities.get(tool.name),
    });
  });
}
