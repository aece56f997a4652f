import { governMcpClient, type GovernedResultMeta } from '@brane/mcp';
import { InMemoryApprovalStore, Runtime } from '@brane/sdk';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AgentPolicies } from './AgentPolicies.js';
import { connect } from './connect.js';
import { createFilesServer } from './createFilesServer.js';
import { createGitHubServer } from './createGitHubServer.js';
import { FilesPolicies } from './FilesPolicies.js';
import { sampleFiles } from './FileStore.js';

/** Prints a tool result as a client would show it. */
function show(label: string, result: CallToolResult): void {
  const text = result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join(' ');
  console.log(`${label}\n  ${result.isError === true ? 'error: ' : ''}${text}`);
}

async function main(): Promise<void> {
  // The server side: the `files` MCP server governs its own tools.
  const serverRuntime = new Runtime({
    agentId: 'files-server',
    environment: 'prod',
    approvals: { store: new InMemoryApprovalStore() },
  });
  serverRuntime.use(new FilesPolicies());
  const store = sampleFiles();
  const files = await connect(createFilesServer(serverRuntime, store));

  console.log('--- server side: the files server governs its tools ---');
  const read = (await files.callTool({ name: 'read_file', arguments: { path: '/notes/todo.md' } })) as CallToolResult;
  show('read_file /notes/todo.md (the owner is masked, in the structured content and its text copy):', read);
  const denied = (await files.callTool({
    name: 'delete_file',
    arguments: { path: '/notes/todo.md' },
  })) as CallToolResult;
  show('delete_file /notes/todo.md:', denied);
  const pending = (await files.callTool({
    name: 'write_file',
    arguments: { path: '/etc/app.conf', text: 'mode=fast' },
  })) as CallToolResult;
  show('write_file /etc/app.conf:', pending);
  const { approval } = pending._meta?.brane as GovernedResultMeta;
  console.log(`the file still reads: ${store.read('/etc/app.conf')?.text ?? '?'}`);
  if (approval === undefined) throw new Error('The write should be pending approval');
  await serverRuntime.approvals.approve(approval.approvalId, { approver: 'sam@platform', comment: 'Planned change' });
  show(
    'approved by sam@platform, then serverRuntime.resume runs it:',
    (await serverRuntime.resume(approval.approvalId)) as CallToolResult,
  );
  console.log(`the file now reads: ${store.read('/etc/app.conf')?.text ?? '?'}`);

  // The client side: the agent governs its calls to a third-party server it does not control.
  const agentRuntime = new Runtime({ agentId: 'coding-agent', environment: 'prod' });
  agentRuntime.use(new AgentPolicies());
  const received: string[] = [];
  const github = governMcpClient(await connect(createGitHubServer(received)), agentRuntime, {
    server: 'github',
    tools: {
      'list_*': { risk: 'low', effect: { type: 'read' } },
      'create_*': { risk: 'high', effect: { type: 'write', external: true } },
      'delete_*': { risk: 'critical', effect: { type: 'delete', external: true } },
    },
  });

  console.log('\n--- client side: the agent governs its calls to the github server ---');
  for (const tool of (await github.listTools()).tools)
    console.log(`${tool.name}: ${JSON.stringify(tool._meta?.brane)}`);
  show(
    'list_issues brane:',
    (await github.callTool({ name: 'list_issues', arguments: { repo: 'brane' } })) as CallToolResult,
  );
  const deleteRepo = (await github.callTool({ name: 'delete_repo', arguments: { repo: 'brane' } })) as CallToolResult;
  show('delete_repo brane:', deleteRepo);
  console.log(`calls the github server received: ${received.join(', ')}`);

  await Promise.all([files.close(), github.close()]);
  const structured = read.structuredContent as { owner?: string } | undefined;
  if (
    structured?.owner !== '[REDACTED]' ||
    JSON.stringify(read.content).includes('ada@example.com') ||
    denied.isError !== true ||
    store.read('/notes/todo.md') === undefined ||
    store.read('/etc/app.conf')?.text !== 'mode=fast' ||
    deleteRepo.isError !== true ||
    received.join() !== 'list_issues brane'
  ) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
