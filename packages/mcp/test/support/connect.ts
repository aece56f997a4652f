import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

const open: (Client | McpServer)[] = [];

/**
 * Connects a real `Client` to `server` over the SDK's in-memory transport. `authInfo`, when given, is sent
 * with every client message, as an authenticating transport would attach it.
 */
export async function connect(server: McpServer, authInfo?: { clientId: string; token: string }): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  if (authInfo !== undefined) {
    const send = clientTransport.send.bind(clientTransport);
    clientTransport.send = (message, options) => send(message, { ...options, authInfo: { ...authInfo, scopes: [] } });
  }
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  open.push(client, server);
  return client;
}

/** Closes every client and server {@link connect} connected. */
export async function closeConnections(): Promise<void> {
  await Promise.all(open.splice(0).map((end) => end.close()));
}
