import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { governMcpClient, governMcpServer, type GovernedResultMeta } from '../../src/index.js';
import {
  DEEP_SECRET,
  deepRuntime,
  thrownOutcome,
  type DeepOutcome,
  type DeepValueCase,
} from '../../../../test/reliability/fixtures/DeepValueCase.js';
import { closeConnections, connect } from './connect.js';
import { z } from './zod.js';

/**
 * The tool of `given` through MCP, governed on the server's side or the client's, with every call waiting for an
 * approval: the call returns a tool error result carrying the approval id, an approver approves it in Brane, and
 * the app runs it with `runtime.resume` and sends what that returns (serialized, as a transport does). A refusal is
 * Brane's error (from the call, or from `resume`), or a tool error result carrying Brane's code.
 */
export async function deepResume(given: DeepValueCase, side: 'server' | 'client'): Promise<DeepOutcome> {
  const runtime = deepRuntime('mcp.deep.report', given.mode, 'structuredContent.email', true);
  const plain = new McpServer({ name: 'deep', version: '1.0.0' });
  const server = side === 'server' ? governMcpServer(plain, runtime, { server: 'deep' }) : plain;
  const structuredContent = { email: DEEP_SECRET, data: given.output.value };
  server.registerTool('report', { inputSchema: { data: z.unknown() } }, () => ({
    content: [{ type: 'text' as const, text: `{"email":"${DEEP_SECRET}","data":${given.output.json}}` }],
    structuredContent,
  }));
  try {
    const connected = await connect(server);
    const client = side === 'server' ? connected : governMcpClient(connected, runtime, { server: 'deep' });
    const asked = (await client.callTool({ name: 'report', arguments: { data: given.input.value } })) as CallToolResult;
    const meta = asked._meta?.['brane'] as GovernedResultMeta | undefined;
    if (meta?.approval === undefined) {
      return typeof meta?.code === 'string' ? { kind: 'refused', code: meta.code } : { kind: 'crash', error: asked };
    }
    await runtime.approvals.approve(meta.approval.approvalId, { approver: 'ops-lead' });
    const result = (await runtime.resume(meta.approval.approvalId)) as CallToolResult;
    JSON.stringify(result); // what the app sends
    const block = result.content[0];
    return { kind: 'result', output: result.structuredContent, text: block?.type === 'text' ? block.text : '' };
  } catch (error) {
    return thrownOutcome(error);
  } finally {
    await closeConnections();
  }
}
