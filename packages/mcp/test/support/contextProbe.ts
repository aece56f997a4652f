import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Decision, Runtime } from '@brane/sdk';
import { governMcpServer, type ToolExtra } from '@brane/mcp';
import { connect } from './connect.js';
import { z } from './zod.js';

/**
 * A governed `files` server, run as `svc_files` of `tenant_acme`, whose `context` returns what `made` returns
 * (settable between calls), with a real client connected to it: `call` deletes a file and returns the result,
 * `ranAs` and `checkedAs` list the identities (`tenant/principal`) the tool and its policy ran under. Close it
 * with `closeConnections`.
 */
export async function contextProbe(made: (extra: ToolExtra) => unknown) {
  const runtime = new Runtime({ agentId: 'files-server', tenantId: 'tenant_acme', principalId: 'svc_files' });
  const who = () => `${runtime.identity.tenantId ?? '-'}/${runtime.identity.principalId ?? '-'}`;
  const checkedAs: string[] = [];
  runtime.beforeCapability('mcp.files.delete_file', { name: 'observer' }, () => {
    checkedAs.push(who());
    return Decision.allow();
  });
  const probe = {
    made,
    checkedAs,
    ranAs: [] as string[],
    call: async (): Promise<CallToolResult> => ({ content: [] }),
  };
  const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
    server: 'files',
    context: ((extra: ToolExtra) => probe.made(extra)) as never,
  });
  server.registerTool('delete_file', { inputSchema: { path: z.string() } }, () => {
    probe.ranAs.push(who());
    return { content: [{ type: 'text' as const, text: 'deleted' }] };
  });
  const client = await connect(server);
  probe.call = async () =>
    (await client.callTool({ name: 'delete_file', arguments: { path: '/tmp/a' } })) as CallToolResult;
  return probe;
}
