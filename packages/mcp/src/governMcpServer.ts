import type { Runtime } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { closeWhenInputEnds } from './closeWhenInputEnds.js';
import { refuseStreamingHandler } from './refuseStreamingHandler.js';
import { GovernedServerTools, type ToolHandler } from './GovernedServerTools.js';
import type { McpToolRules } from './McpToolOptions.js';
import { parseGovernOptions } from './parseGovernOptions.js';
import type { McpRequestContext } from './requestOverrides.js';

/** Options of {@link governMcpServer}. */
export interface GovernMcpServerOptions {
  /** The server's name in capability names, `mcp.<server>.<tool>`: letters, digits, `_` and `-`. */
  readonly server: string;
  /** Capability metadata (risk, effect, scopes, ...) by tool name or `*` pattern. */
  readonly tools?: McpToolRules | undefined;
  /**
   * The identity each call runs under, from the request (`extra.authInfo`, `extra.sessionId`): overrides of
   * the runtime's, as for `runtime.withContext`. Default: the runtime's identity. Each call runs in the request's
   * MCP session (`extra.sessionId`, as a Brane session) unless these overrides name a `sessionId` themselves.
   */
  readonly context?: McpRequestContext | undefined;
}

const governed = new WeakSet<object>();

/**
 * Governs the tools of an MCP server: every tool registered on `server` from now on (with `registerTool`,
 * or the deprecated `tool`) becomes the governed capability `mcp.<server>.<tool>`, with the tool's input
 * object as its argument. Before-policies run before the handler; a deny becomes a tool error result that
 * carries the reason, an approval request a tool error result with the approval id, and after-policies
 * (redact, transform_output, deny) apply to the `CallToolResult`. Each call runs with its request's signal
 * (`withContext({ signal })`): on a runtime that waits for approvals, a call the client cancels, or whose
 * client goes away (over stdio too), withdraws its request. Call it before registering any tool:
 * a server that already has tools is refused. Returns `server`.
 *
 * @example
 * const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
 *   server: 'files',
 *   tools: { 'delete_*': { risk: 'high', effect: { type: 'delete' } }, '*': { risk: 'low' } },
 * });
 * server.registerTool('delete_file', { inputSchema: { path: z.string() } }, async ({ path }) => ...);
 * runtime.beforeCapability('mcp.files.delete_file', (ctx) => ...);
 */
export function governMcpServer<S extends McpServer>(server: S, runtime: Runtime, options: GovernMcpServerOptions): S {
  const where = 'governMcpServer';
  if (
    typeof server !== 'object' ||
    server === null ||
    typeof server.registerTool !== 'function' ||
    typeof server.server?.assertCanSetRequestHandler !== 'function'
  ) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected an \`McpServer\` (got ${describeValue(server)})`);
  }
  const parsed = parseGovernOptions(runtime, options, where, ['server', 'tools', 'context']);
  const context = (options as { context?: unknown }).context;
  if (context !== undefined && typeof context !== 'function') {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: \`context\` must be a function of the request's \`extra\``,
    );
  }
  if (governed.has(server)) {
    throw new ConfigurationError('ALREADY_GOVERNED', `${where}: this McpServer is already governed`);
  }
  try {
    server.server.assertCanSetRequestHandler('tools/call');
  } catch {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: the server already handles tools/call, so tools registered before it would not be governed; govern the server before registering its tools`,
    );
  }
  governed.add(server);
  const tools = new GovernedServerTools(parsed, context as McpRequestContext | undefined);

  const registerTool = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: Parameters<McpServer['registerTool']>[1], cb: ToolHandler) =>
    register(tools, name, cb, (handler) => registerTool(name, config, handler as never))) as S['registerTool'];

  // Tools registered with the deprecated `tool` are governed too: it must be no way around the policies.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
  const tool = server.tool.bind(server) as (name: string, ...rest: unknown[]) => RegisteredTool;
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
  server.tool = (name: string, ...rest: unknown[]) => {
    const cb = rest.pop() as ToolHandler;
    return register(tools, name, cb, (handler) => tool(name, ...rest, handler));
  };

  // A stdio client that goes away must abort its requests, so that a call waiting for an approval withdraws it.
  const connect = server.connect.bind(server);
  server.connect = async (transport) => {
    await connect(transport);
    closeWhenInputEnds(transport);
  };

  const tasks = server.experimental.tasks;
  tasks.registerToolTask = () => {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: task-based tools (experimental.tasks.registerToolTask) are not governed by @brane/mcp; register the tool with registerTool`,
    );
  };
  return server;
}

/** Registers tool `name` through `registerWith`, with a governed handler unless a rule leaves it ungoverned. */
function register(
  tools: GovernedServerTools,
  name: string,
  callback: ToolHandler,
  registerWith: (handler: ToolHandler) => RegisteredTool,
): RegisteredTool {
  if (typeof name !== 'string' || typeof callback !== 'function') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `governMcpServer: a tool needs a name and a handler function (got ${describeValue(name)} and ${describeValue(callback)})`,
    );
  }
  const governs = tools.governs(name);
  if (governs) refuseStreamingHandler(name, callback);
  const registered = registerWith(governs ? tools.handlerFor(name) : callback);
  tools.attach(name, governs ? callback : undefined, registered);
  return registered;
}
