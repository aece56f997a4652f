import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { governMcpClient, governMcpServer } from '../../src/index.js';
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
 * as text, as MCP asks; a refusal is a tool error result carrying Brane's code in `_meta.brane`. The result is
 * serialized, as a transport other than the in-memory one does: a result it cannot write is a crash.
 */
export async function deepReport(given: DeepValueCase, side: 'server' | 'client'): Promise<DeepOutcome> {
  const runtime = deepRuntime('mcp.deep.report', given.mode, 'structuredContent.email');
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
    const result = (await client.callTool({
      name: 'report',
      arguments: { data: given.input.value },
    })) as CallToolResult;
    JSON.stringify(result); // as stdio or Streamable HTTP writes it (the in-memory transport does not)
    if (result.isError === true) {
      const code = (result._meta?.['brane'] as { code?: unknown } | undefined)?.code;
      return typeof code === 'string' ? { kind: 'refused', code } : { kind: 'crash', error: result };
    }
    const block = result.content[0];
    return { kind: 'result', output: result.structuredContent, text: block?.type === 'text' ? block.text : '' };
  } catch (error) {
    return thrownOutcome(error);
  } finally {
    await closeConnections();
  }
}
