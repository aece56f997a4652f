import type { CapabilityOptions } from '@brane/core';

/**
 * The capability metadata of an MCP tool: risk, effect, side effects, scopes, sandbox and the descriptive
 * fields of `runtime.capability`. The name (`mcp.<server>.<tool>`), the type (`mcp`) and how arguments are
 * passed (the tool's input object) are set by `@brane/mcp`. MCP returns one result per tool call, so a tool
 * cannot be declared `stream`, and a generator handler is refused when it is registered. `finishOutput` is the
 * adapter's own: it keeps the text copy of structured content in step with the policies.
 */
export type McpToolOptions = Omit<
  CapabilityOptions,
  'name' | 'type' | 'params' | 'async' | 'routing' | 'stream' | 'finishOutput'
>;

/**
 * Tool metadata by tool name or pattern: an exact name, or a glob where `*` matches any characters
 * (`create_*`, `*`). An exact name wins; otherwise the first matching pattern, in the order written. `false`
 * leaves the tools it matches ungoverned. A tool nothing matches is governed with the capability defaults
 * (risk `medium`, no effect).
 *
 * @example
 * { 'create_*': { risk: 'high', effect: { type: 'write', external: true } }, get_me: false, '*': { risk: 'low' } }
 */
export type McpToolRules = Readonly<Record<string, McpToolOptions | false>>;
