import { governMcpServer } from '@brane/mcp';
import type { Runtime } from '@brane/sdk';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FileStore } from './FileStore.js';
import { z } from './zod.js';

/**
 * The `files` MCP server, governed by `runtime`: each tool is the capability `mcp.files.<tool>`. It is
 * governed before any tool is registered, so that every tool is.
 */
export function createFilesServer(runtime: Runtime, store: FileStore): McpServer {
  const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
    server: 'files',
    tools: {
      read_file: { risk: 'low', effect: { type: 'read' }, sensitive: ['owner'] },
      write_file: { risk: 'medium', effect: { type: 'write' } },
      delete_file: { risk: 'high', effect: { type: 'delete' } },
    },
  });
  const path = z.string();

  server.registerTool(
    'read_file',
    { description: 'Reads a file', inputSchema: { path } },
    ({ path }: { path: string }) => {
      const file = store.read(path);
      if (file === undefined) return text(`No file ${path}`, true);
      const data = { path, ...file };
      return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
    },
  );
  server.registerTool(
    'write_file',
    { description: 'Writes a file', inputSchema: { path, text: z.string() } },
    ({ path, text: content }: { path: string; text: string }) => {
      store.write(path, content, 'agent@example.com');
      return text(`Wrote ${path}`);
    },
  );
  server.registerTool(
    'delete_file',
    { description: 'Deletes a file', inputSchema: { path } },
    ({ path }: { path: string }) => text(store.delete(path) ? `Deleted ${path}` : `No file ${path}`),
  );
  return server;
}

function text(value: string, isError = false): CallToolResult {
  return { content: [{ type: 'text', text: value }], ...(isError ? { isError } : {}) };
}
