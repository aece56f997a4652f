/**
 * Governs MCP tools with Brane: tools registered on an `McpServer` become governed capabilities
 * `mcp.<server>.<tool>` ({@link governMcpServer}), and a governed `Client` checks its calls to an external
 * server's tools before they leave the process ({@link governMcpClient}). A deny or an approval request
 * becomes an MCP tool error result, with the details in `_meta.brane`.
 */
export { governMcpClient } from './governMcpClient.js';
export type { GovernMcpClientOptions } from './governMcpClient.js';
export { governMcpServer } from './governMcpServer.js';
export type { GovernMcpServerOptions } from './governMcpServer.js';
export type { GovernedToolMeta } from './GovernedClientTools.js';
export type { McpRequestContext } from './requestOverrides.js';
export type { ToolExtra } from './handlerExtra.js';
export type { McpToolOptions, McpToolRules } from './McpToolOptions.js';
export type { GovernedResultMeta } from './toolErrorResult.js';
