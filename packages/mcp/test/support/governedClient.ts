import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Runtime } from '@brane/sdk';
import { governMcpClient } from '@brane/mcp';
import { connect } from './connect.js';

/**
 * A governed client of a `github` server with one tool, `list_repos`, over the in-memory transport: `received`
 * lists the calls the server got. Close it with `closeConnections`.
 */
export async function governedClient() {
  const server = new McpServer({ name: 'github', version: '1.0.0' });
  const received: string[] = [];
  server.registerTool('list_repos', {}, () => {
    received.push('list_repos');
    return { content: [] };
  });
  const client = governMcpClient(await connect(server), new Runtime({ agentId: 'a' }), { server: 'github' });
  return { client, received };
}
