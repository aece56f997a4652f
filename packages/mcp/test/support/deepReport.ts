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
 * Calls the tool of `given` through MCP, governed on the server's side (`governMcpServer`) or on the client's
 * (`governMcpClient`, calling a third party's server). The tool returns its data as structured content and its JSON
 * as text, as MCP asks; a refusal is a tool error result carrying Brane's code in `_meta.brane`, or Brane's error.
 * With `approved`, every call waits for an approval: the call returns a tool error result carrying the approval id,
 * an approver approves it in Brane, and the app runs it with `runtime.resume`. The result is serialized, as a
 * transport other than the in-memory one does: a result it cannot write is a crash.
 */
export async function deepReport(
  given: DeepValueCase,
  side: 'server' | 'client',
  approved = false,
): Promise<DeepOutcome> {
  const runtime = deepRuntime('mcp.deep.report', given.mode, 'structuredContent.email', approved);
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
    let result = (await client.callTool({ name: 'report', arguments: { data: given.input.value } })) as CallToolResult;
    const meta = result._meta?.['brane'] as GovernedResultMeta | undefined;
    if (approved && meta?.approval !== undefined) {
      await runtime.approvals.approve(meta.approval.approvalId, { approver: 'ops-lead' });
      result = (await runtime.resume(meta.approval.approvalId)) as CallToolResult;
    } else if (result.isError === true) {
      return typeof meta?.code === 'string' ? { kind: 'refused', code: meta.code } : { kind: 'crash', error: result };
    } else if (approved) {
      return { kind: 'crash', error: 'the call ran without waiting for its approval' };
    }
    JSON.stringify(result); // as stdio or Streamable HTTP writes it (the in-memory transport does not)
    const block = result.content[0];
    return { kind: 'result', output: result.structuredContent, text: block?.type === 'text' ? block.text : '' };
  } catch (error) {
    return thrownOutcome(error);
  } finally {
    await closeConnections();
  }
}
