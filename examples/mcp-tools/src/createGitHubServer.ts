import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from './zod.js';

/**
 * A stand-in for a third-party MCP server the agent uses (an issue tracker): ungoverned, and not ours to
 * change. `received` lists every call that reached it.
 */
export function createGitHubServer(received: string[]): McpServer {
  const server = new McpServer({ name: 'github', version: '1.0.0' });
  const repo = z.string();
  server.registerTool('list_issues', { inputSchema: { repo } }, ({ repo }: { repo: string }) => {
    received.push(`list_issues ${repo}`);
    return { content: [{ type: 'text', text: '#7 MCP example is missing' }] };
  });
  server.registerTool(
    'create_issue',
    { inputSchema: { repo, title: z.string() } },
    ({ repo, title }: { repo: string; title: string }) => {
      received.push(`create_issue ${repo}`);
      return { content: [{ type: 'text', text: `Created #8 ${title}` }] };
    },
  );
  server.registerTool('delete_repo', { inputSchema: { repo } }, ({ repo }: { repo: string }) => {
    received.push(`delete_repo ${repo}`);
    return { content: [{ type: 'text', text: `Deleted ${repo}` }] };
  });
  return server;
}
