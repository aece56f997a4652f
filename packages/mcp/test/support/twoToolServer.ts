import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from './zod.js';

/** An ungoverned MCP server with two tools, `create_issue` and `delete_repo`, each taking `{ repo }`. */
export function twoToolServer(name: string): McpServer {
  const server = new McpServer({ name, version: '1.0.0' });
  for (const tool of ['create_issue', 'delete_repo']) {
    server.registerTool(tool, { inputSchema: { repo: z.string() } }, (): CallToolResult => ({
      content: [{ type: 'text', text: tool }],
    }));
  }
  return server;
}
