import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Decision, Runtime, type PolicyContext } from '@brane/sdk';
import { governMcpServer, type GovernMcpServerOptions } from '@brane/mcp';

const open: (Client | McpServer)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((end) => end.close()));
});

/** A governed server whose transport carries MCP session `sessionId`, a client connected to it, and what policies saw. */
async function serve(sessionId: string | undefined, options: Partial<GovernMcpServerOptions> = {}) {
  const runtime = new Runtime();
  const server = governMcpServer(new McpServer({ name: 'crm', version: '1.0.0' }), runtime, {
    server: 'crm',
    ...options,
  });
  server.registerTool('lookup', {}, () => ({ content: [{ type: 'text', text: 'acct GB29-NWBK-6016-1331' }] }));
  const seen: unknown[] = [];
  runtime.beforeCapability('mcp.crm.lookup', { name: 'observe' }, (ctx: PolicyContext) => {
    seen.push([ctx.sessionId, ctx.session.count({ capability: 'mcp.crm.lookup' })]);
    return Decision.allow();
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  if (sessionId !== undefined) serverTransport.sessionId = sessionId;
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  open.push(client, server);
  return { client, seen };
}

describe('governMcpServer and sessions', () => {
  it("runs each call in the request's MCP session, so session policies see the calls before it", async () => {
    const { client, seen } = await serve('mcp_session_1');
    await client.callTool({ name: 'lookup' });
    await client.callTool({ name: 'lookup' });
    expect(seen).toEqual([
      ['mcp_session_1', 0],
      ['mcp_session_1', 1],
    ]);
  });

  it('a context that names its own session wins, even to leave the call outside any', async () => {
    const named = await serve('mcp_session_1', { context: () => ({ sessionId: 'conversation_9' }) });
    await named.client.callTool({ name: 'lookup' });
    const cleared = await serve('mcp_session_1', { context: () => ({ sessionId: undefined }) });
    await cleared.client.callTool({ name: 'lookup' });
    const none = await serve(undefined);
    await none.client.callTool({ name: 'lookup' });
    expect([named.seen, cleared.seen, none.seen]).toEqual([
      [['conversation_9', 0]],
      [[undefined, 0]],
      [[undefined, 0]],
    ]);
  });
});
