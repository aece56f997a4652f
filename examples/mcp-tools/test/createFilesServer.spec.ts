import { governMcpClient } from '@brane/mcp';
import { InMemoryApprovalStore, Runtime } from '@brane/sdk';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AgentPolicies } from '../src/AgentPolicies.js';
import { connect } from '../src/connect.js';
import { createFilesServer } from '../src/createFilesServer.js';
import { createGitHubServer } from '../src/createGitHubServer.js';
import { FilesPolicies } from '../src/FilesPolicies.js';
import { sampleFiles, type FileStore } from '../src/FileStore.js';

describe('the files server, governed', () => {
  let runtime: Runtime;
  let store: FileStore;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  beforeEach(async () => {
    runtime = new Runtime({
      agentId: 'files-server',
      environment: 'prod',
      approvals: { store: new InMemoryApprovalStore() },
    });
    runtime.use(new FilesPolicies());
    store = sampleFiles();
    client = await connect(createFilesServer(runtime, store));
  });
  afterEach(() => client.close());

  it('masks the owner of a file it reads, in the structured content and its JSON text', async () => {
    const result = await call('read_file', { path: '/notes/todo.md' });

    const data = { path: '/notes/todo.md', text: '- ship the MCP example', owner: '[REDACTED]' };
    expect(result).toEqual({ content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data });
  });

  it('deletes under /tmp/ only: elsewhere the result is an error with the reason, and the file stays', async () => {
    expect(await call('delete_file', { path: '/tmp/scratch.txt' })).toEqual({
      content: [{ type: 'text', text: 'Deleted /tmp/scratch.txt' }],
    });
    const denied = await call('delete_file', { path: '/notes/todo.md' });
    expect(denied.isError).toBe(true);
    expect(denied.content).toEqual([
      { type: 'text', text: 'Denied by policy: Only files under /tmp/ may be deleted, not /notes/todo.md' },
    ]);
    expect(store.paths).toEqual(['/etc/app.conf', '/notes/todo.md']);
  });

  it('writes a configuration file once a platform admin approved it, exactly once', async () => {
    const pending = await call('write_file', { path: '/etc/app.conf', text: 'mode=fast' });
    const approvalId = (pending._meta?.brane as { approval: { approvalId: string } }).approval.approvalId;
    expect(store.read('/etc/app.conf')?.text).toBe('mode=safe');

    await runtime.approvals.approve(approvalId, { approver: 'sam@platform' });
    await runtime.resume(approvalId);

    expect(store.read('/etc/app.conf')).toEqual({ text: 'mode=fast', owner: 'agent@example.com' });
    await expect(runtime.resume(approvalId)).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
  });
});

describe('the agent, governing its calls to the github server', () => {
  it('never sends a critical call in prod, and sends the others', async () => {
    const runtime = new Runtime({ agentId: 'coding-agent', environment: 'prod' });
    runtime.use(new AgentPolicies());
    const received: string[] = [];
    const github = governMcpClient(await connect(createGitHubServer(received)), runtime, {
      server: 'github',
      tools: { 'delete_*': { risk: 'critical' }, 'create_*': { risk: 'high' } },
    });

    const deleted = await github.callTool({ name: 'delete_repo', arguments: { repo: 'brane' } });
    await github.callTool({ name: 'create_issue', arguments: { repo: 'brane', title: 'Docs' } });
    await github.close();

    expect(deleted.isError).toBe(true);
    expect(received).toEqual(['create_issue brane']);
  });
});
