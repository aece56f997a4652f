import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Decision, InMemoryApprovalStore, Runtime } from '@brane/sdk';
import { governMcpServer } from '@brane/mcp';
import { closeConnections, connect } from './support/connect.js';
import { z } from './support/zod.js';

// Issue 12, finding 7, audited on the MCP adapter: it keeps no link from a request to an approval (the client
// gets the approval id in the result, and `runtime.resume` claims it under the caller's identity), so two
// clients with identical calls get two requests, and neither can decide through it or resume the other's.

afterEach(closeConnections);

/** A `files` server whose deletions need `storage-admins`; each call runs as the client's authenticated id. */
async function server() {
  const runtime = new Runtime({ tenantId: 'tenant_acme', approvals: { store: new InMemoryApprovalStore() } });
  const mcp = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
    server: 'files',
    context: (extra) => ({ principalId: extra.authInfo?.clientId }),
  });
  runtime.beforeCapability('mcp.files.delete_file', { name: 'admins_delete' }, (ctx) =>
    ctx.approval === undefined
      ? Decision.requireApproval({ approverGroup: 'storage-admins', reason: 'Deleting a file' })
      : Decision.allow(),
  );
  const deleted: string[] = [];
  mcp.registerTool('delete_file', { inputSchema: { path: z.string() } }, ({ path }: { path: string }) => {
    deleted.push(path);
    return { content: [{ type: 'text', text: `deleted ${path}` }] };
  });
  return { runtime, mcp, deleted };
}

const approvalOf = (result: CallToolResult): string =>
  (result._meta?.['brane'] as { approval: { approvalId: string } }).approval.approvalId;

describe('MCP approvals are bound to the identity of the call', () => {
  it('identical calls of two clients make two requests; each resumes only under its own identity', async () => {
    const { runtime, mcp, deleted } = await server();
    const auth = { clientId: 'user_ada', token: 't' }; // read at each send: the transport authenticates each request
    const client = await connect(mcp, auth);
    const args = { path: '/srv/shared.txt' };
    const deleteAs = async (clientId: string) => {
      auth.clientId = clientId;
      return approvalOf((await client.callTool({ name: 'delete_file', arguments: args })) as CallToolResult);
    };

    const adas = await deleteAs('user_ada');
    const eves = await deleteAs('user_eve');

    expect(adas).not.toBe(eves);
    expect(await runtime.approvals.get(adas)).toMatchObject({ principalId: 'user_ada' });
    expect(await runtime.approvals.get(eves)).toMatchObject({ principalId: 'user_eve' });
    const admin = { id: 'sam@ops', groups: ['storage-admins'] };
    await runtime.approvals.approve(adas, { approver: admin });

    await expect(runtime.withContext({ principalId: 'user_eve' }, () => runtime.resume(adas))).rejects.toMatchObject({
      code: 'APPROVAL_MISMATCH',
    });
    expect(deleted).toStrictEqual([]);
    await runtime.withContext({ principalId: 'user_ada' }, () => runtime.resume(adas));
    expect(deleted).toStrictEqual(['/srv/shared.txt']);
    expect(await runtime.approvals.get(eves)).toMatchObject({ status: 'pending' });
  });

  it('runtime.resume returns a redacted result whose JSON text copy is redacted too', async () => {
    const runtime = new Runtime({ tenantId: 'tenant_acme', approvals: { store: new InMemoryApprovalStore() } });
    const mcp = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, { server: 'files' });
    runtime.beforeCapability('mcp.files.read_file', { name: 'approve_reads' }, (ctx) =>
      ctx.approval === undefined
        ? Decision.requireApproval({ approverGroup: 'storage-admins', reason: 'Reading a file' })
        : Decision.allow(),
    );
    runtime.afterCapability('mcp.files.read_file', { name: 'hide_owner' }, () =>
      Decision.redact(['structuredContent.owner']),
    );
    const file = { path: '/notes/a.txt', owner: 'ada@example.com' };
    mcp.registerTool('read_file', { inputSchema: { path: z.string() } }, () => ({
      content: [{ type: 'text', text: JSON.stringify(file) }],
      structuredContent: file,
    }));
    const client = await connect(mcp, { clientId: 'user_ada', token: 't' });
    const id = approvalOf(
      (await client.callTool({ name: 'read_file', arguments: { path: file.path } })) as CallToolResult,
    );
    await runtime.approvals.approve(id, { approver: { id: 'sam@ops', groups: ['storage-admins'] } });

    const result = (await runtime.resume(id)) as CallToolResult;

    const redacted = { ...file, owner: '[REDACTED]' };
    expect(result.structuredContent).toStrictEqual(redacted);
    expect(result.content).toStrictEqual([{ type: 'text', text: JSON.stringify(redacted) }]);
  });

  it('an approver identity outside the request’s groups cannot approve it', async () => {
    const { runtime, mcp } = await server();
    const ada = await connect(mcp, { clientId: 'user_ada', token: 'a' });
    const id = approvalOf((await ada.callTool({ name: 'delete_file', arguments: { path: '/a' } })) as CallToolResult);

    await expect(
      runtime.approvals.approve(id, { approver: { id: 'user_ada', groups: ['users'] } }),
    ).rejects.toMatchObject({ code: 'APPROVER_NOT_ALLOWED' });
  });
});
