import type { Runtime } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { GovernedClientTools } from './GovernedClientTools.js';
import type { McpToolRules } from './McpToolOptions.js';
import { parseGovernOptions } from './parseGovernOptions.js';

/** Options of {@link governMcpClient}. */
export interface GovernMcpClientOptions {
  /** The external server's name in capability names, `mcp.<server>.<tool>`: letters, digits, `_` and `-`. */
  readonly server: string;
  /** Capability metadata (risk, effect, scopes, ...) by tool name or `*` pattern; `false` leaves tools ungoverned. */
  readonly tools?: McpToolRules | undefined;
}

const governed = new WeakSet<object>();

/**
 * Governs the calls an MCP client makes to an external server's tools, before they leave the process:
 * `client.callTool({ name, arguments })` becomes a call of the governed capability `mcp.<server>.<name>`,
 * whose metadata comes from `tools` by name or pattern. A deny or an approval request returns a tool error
 * result and sends nothing; after-policies apply to the result the server sent. `client.listTools()` marks
 * each tool with `_meta.brane` ({@link GovernedToolMeta}). Returns `client`, governed in place, so code
 * that is handed the client is governed too.
 *
 * @example
 * const github = governMcpClient(client, runtime, {
 *   server: 'github',
 *   tools: { 'create_*': { risk: 'high', effect: { type: 'write', external: true } }, 'list_*': { risk: 'low' } },
 * });
 * await github.callTool({ name: 'create_issue', arguments: { title: 'Bug' } }); // policies of mcp.github.create_issue
 */
export function governMcpClient<C extends Client>(client: C, runtime: Runtime, options: GovernMcpClientOptions): C {
  const where = 'governMcpClient';
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof client.callTool !== 'function' ||
    typeof client.listTools !== 'function'
  ) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected an MCP \`Client\` (got ${describeValue(client)})`);
  }
  const parsed = parseGovernOptions(runtime, options, where, ['server', 'tools']);
  if (governed.has(client)) {
    throw new ConfigurationError('ALREADY_GOVERNED', `${where}: this Client is already governed`);
  }
  const tools = new GovernedClientTools(parsed, client.callTool.bind(client));
  governed.add(client);

  client.callTool = (params, resultSchema, requestOptions) => tools.call(params, resultSchema, requestOptions);
  const listTools = client.listTools.bind(client);
  client.listTools = async (params, requestOptions) => {
    const result = await listTools(params, requestOptions);
    return {
      ...result,
      tools: result.tools.map((tool) => ({ ...tool, _meta: { ...tool._meta, brane: tools.describe(tool.name) } })),
    };
  };
  client.experimental.tasks.callToolStream = () => {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: task-based tool calls (experimental.tasks.callToolStream) are not governed by @brane/mcp; use callTool`,
    );
  };
  return client;
}
