import { PassThrough } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Decision, InMemoryApprovalStore, Runtime, type ApprovalRecord } from '@brane/sdk';
import { governMcpServer } from '@brane/mcp';
import { closeConnections, connect } from './support/connect.js';
import { z } from './support/zod.js';

/**
 * Security review, finding 9: an MCP client that cancels a call (the SDK sends `notifications/cancelled`, on a
 * timeout too) or goes away left the approval request pending, and the refund ran once someone approved it.
 */

function refunds() {
  const runtime = new Runtime({ approvals: { store: new InMemoryApprovalStore(), wait: true, pollIntervalMs: 2 } });
  const server = governMcpServer(new McpServer({ name: 'pay', version: '1.0.0' }), runtime, { server: 'pay' });
  const ran: number[] = [];
  server.registerTool('refund', { inputSchema: { amount: z.number() } }, ({ amount }: { amount: number }) => {
    ran.push(amount);
    return { content: [{ type: 'text', text: `refunded ${amount}` }] };
  });
  runtime.beforeCapability('mcp.pay.refund', { name: 'ask' }, () =>
    Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Refunds need finance' }),
  );
  /** The request in the store once it is in `state`. */
  const record = async (state: string): Promise<ApprovalRecord> => {
    for (;;) {
      const [found] = await runtime.approvals.list({ state: state as 'pending' });
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  return { runtime, server, ran, record };
}

afterEach(closeConnections);

describe('governMcpServer: a call whose client gives up withdraws its approval request', () => {
  it('withdraws the request of a call the client cancels, and never runs it once approved', async () => {
    const { server, runtime, ran, record } = refunds();
    const client = await connect(server);
    const controller = new AbortController();

    const call = client.callTool({ name: 'refund', arguments: { amount: 900 } }, undefined, {
      signal: controller.signal,
    });
    const pending = await record('pending');
    controller.abort('The user closed the chat');
    await expect(call).rejects.toThrow();

    const withdrawn = await record('withdrawn');
    expect(withdrawn).toMatchObject({
      id: pending.id,
      withdrawal: { reason: expect.stringMatching(/^The caller abandoned the call/) as string },
    });
    await expect(runtime.approvals.approve(pending.id, { approver: 'maria' })).rejects.toMatchObject({
      code: 'APPROVAL_WITHDRAWN',
    });
    expect(ran).toEqual([]);
  });

  it('withdraws the request of a call whose client timed out', async () => {
    const { server, ran, record } = refunds();
    const client = await connect(server);

    await expect(
      client.callTool({ name: 'refund', arguments: { amount: 900 } }, undefined, { timeout: 30 }),
    ).rejects.toThrow(/timed out/i);

    await expect(record('withdrawn')).resolves.toMatchObject({ status: 'withdrawn' });
    expect(ran).toEqual([]);
  });

  it('withdraws the request when a stdio client goes away (its input ends), instead of waiting for the expiry', async () => {
    const { server, ran, record } = refunds();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    await server.connect(new StdioServerTransport(stdin, stdout));
    const send = (message: object) => stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gone', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'refund', arguments: { amount: 900 } } });
    await record('pending');

    stdin.end();

    await expect(record('withdrawn')).resolves.toMatchObject({
      withdrawal: { reason: 'The caller abandoned the call: This operation was aborted' },
    });
    expect(ran).toEqual([]);
    await server.close();
  });
});
