import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  BraneError,
  ConfigurationError,
  Decision,
  InMemoryApprovalStore,
  Runtime,
  type PolicyContext,
} from '@brane/sdk';
import { governMcpClient, type GovernMcpClientOptions } from '@brane/mcp';
import { closeConnections, connect } from './support/connect.js';
import { z } from './support/zod.js';

interface GitHub {
  readonly runtime: Runtime;
  readonly client: Client;
  /** The requests the external server received: tool name and arguments. */
  readonly received: unknown[];
  /** The signal of the last request the server received. */
  readonly signals: AbortSignal[];
  readonly call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
}

const rules = {
  'create_*': { risk: 'high', effect: { type: 'write', external: true } },
  'delete_*': { risk: 'critical', effect: { type: 'delete', external: true } },
  create_comment: { risk: 'low' },
  'list_*': { risk: 'low', effect: { type: 'read' } },
  'list_secret_*': { risk: 'critical' },
  get_me: false,
} as const;

/** An external, ungoverned `github` server, and a governed client connected to it. */
async function github(options: Partial<GovernMcpClientOptions> = {}): Promise<GitHub> {
  const server = new McpServer({ name: 'github', version: '1.0.0' });
  const received: unknown[] = [];
  const signals: AbortSignal[] = [];
  const tool = (name: string, respond: (args: Record<string, unknown>) => CallToolResult | Promise<CallToolResult>) =>
    server.registerTool(
      name,
      { description: name, inputSchema: { repo: z.string(), title: z.string().optional() } },
      (args: Record<string, unknown>, extra) => {
        received.push({ name, args });
        signals.push(extra.signal);
        return respond(args);
      },
    );
  const issue = { id: 7, title: 'Bug', author: 'ada@example.com' };
  tool('list_issues', () => ({
    content: [{ type: 'text', text: JSON.stringify({ issues: [issue] }, null, 2) }],
    structuredContent: { issues: [issue] },
  }));
  tool('create_issue', (args) => ({ content: [{ type: 'text', text: `created ${String(args.title)}` }] }));
  tool('delete_repo', () => ({ content: [{ type: 'text', text: 'deleted' }] }));
  tool('get_me', () => ({ content: [{ type: 'text', text: 'ada' }] }));
  tool('wait', () => new Promise<CallToolResult>(() => undefined));
  const runtime = new Runtime({
    agentId: 'coding-agent',
    environment: 'prod',
    approvals: { store: new InMemoryApprovalStore() },
  });
  const client = governMcpClient(await connect(server), runtime, { server: 'github', tools: rules, ...options });
  const call = (name: string, args: Record<string, unknown> = { repo: 'brane', title: 'Bug' }) =>
    client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  return { runtime, client, received, signals, call };
}

afterEach(closeConnections);

describe('governMcpClient', () => {
  it('sends an allowed call, governed as mcp.<server>.<tool> with the metadata of its rule', async () => {
    const { runtime, call, received } = await github();
    const seen: unknown[] = [];
    runtime.beforeCapability('mcp.github.create_issue', function record(ctx: PolicyContext) {
      seen.push(ctx.args, ctx.capability.risk, ctx.capability.effect?.type);
      return Decision.allow();
    });

    const result = await call('create_issue');

    expect(result.content).toEqual([{ type: 'text', text: 'created Bug' }]);
    expect(seen).toEqual([{ repo: 'brane', title: 'Bug' }, 'high', 'write']);
    expect(received).toEqual([{ name: 'create_issue', args: { repo: 'brane', title: 'Bug' } }]);
  });

  it('denies a call before the request leaves: the server never receives it', async () => {
    const { runtime, call, received } = await github();
    runtime.beforeCapability('*', function noCriticalInProd(ctx: PolicyContext) {
      return ctx.isProd && ctx.capability.risk === 'critical'
        ? Decision.deny('Critical tools are not allowed in prod')
        : Decision.allow();
    });

    const result = await call('delete_repo');

    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Denied by policy: Critical tools are not allowed in prod' }],
      _meta: {
        brane: { decision: 'deny', capability: 'mcp.github.delete_repo', policy: 'noCriticalInProd', stage: 'before' },
      },
    });
    expect(received).toEqual([]);
  });

  it('holds a call for approval, and sends it once approved and resumed', async () => {
    const { runtime, call, received } = await github();
    runtime.beforeCapability('mcp.github.create_issue', function reviewIssues(ctx: PolicyContext) {
      return ctx.approval === undefined
        ? Decision.requireApproval({ approverGroup: 'maintainers', reason: 'New issues are reviewed' })
        : Decision.allow();
    });

    const result = await call('create_issue');
    const { approvalId } = (result._meta?.brane as { approval: { approvalId: string } }).approval;

    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toContain(
      `Approval ${approvalId} is pending with maintainers`,
    );
    expect(received).toEqual([]);
    await runtime.approvals.approve(approvalId, { approver: 'lin@maintainers' });
    expect(await runtime.resume(approvalId)).toEqual({ content: [{ type: 'text', text: 'created Bug' }] });
    expect(received).toEqual([{ name: 'create_issue', args: { repo: 'brane', title: 'Bug' } }]);
  });

  it('redacts what the server sent back, in its structured content and the JSON text of it', async () => {
    const { runtime, call } = await github();
    runtime.afterCapability('mcp.github.list_issues', function maskAuthors() {
      return Decision.redact(['structuredContent.issues[].author']);
    });

    const result = await call('list_issues');

    const redacted = { issues: [{ id: 7, title: 'Bug', author: '[REDACTED]' }] };
    expect(result.structuredContent).toEqual(redacted);
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(redacted, null, 2) }]);
  });

  it('sends the arguments a transform_input decision left', async () => {
    const { runtime, call, received } = await github();
    runtime.beforeCapability('mcp.github.create_issue', function tagTitle(ctx: PolicyContext) {
      return Decision.transformInput({ patch: { title: `[agent] ${ctx.arg<string>('title')}` } });
    });

    await call('create_issue');

    expect(received).toEqual([{ name: 'create_issue', args: { repo: 'brane', title: '[agent] Bug' } }]);
  });

  it('cancels the request when a sandbox time limit runs out', async () => {
    const { runtime, call, signals } = await github();
    runtime.beforeCapability('mcp.github.wait', function limitTime() {
      return Decision.sandbox({ timeoutMs: 20 });
    });

    const result = await call('wait', { repo: 'brane' });

    expect(result._meta?.brane).toMatchObject({ code: 'SANDBOX_TIMEOUT' });
    await new Promise((resolve) => setTimeout(resolve, 10)); // the cancellation notification reaches the server
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
  });

  it('marks each listed tool with how its calls are governed', async () => {
    const { client } = await github();

    const { tools } = await client.listTools();

    expect(Object.fromEntries(tools.map((tool) => [tool.name, tool._meta?.brane]))).toEqual({
      list_issues: {
        governed: true,
        capability: 'mcp.github.list_issues',
        risk: 'low',
        effect: { type: 'read', reversible: false, external: false },
        pattern: 'list_*',
      },
      create_issue: {
        governed: true,
        capability: 'mcp.github.create_issue',
        risk: 'high',
        effect: { type: 'write', reversible: false, external: true },
        pattern: 'create_*',
      },
      delete_repo: {
        governed: true,
        capability: 'mcp.github.delete_repo',
        risk: 'critical',
        effect: { type: 'delete', reversible: false, external: true },
        pattern: 'delete_*',
      },
      get_me: { governed: false },
      wait: { governed: true, capability: 'mcp.github.wait', risk: 'medium' },
    });
  });

  it('takes an exact name over any pattern, then the first pattern that matches', async () => {
    const { client, runtime } = await github();
    await client.listTools();

    const risks = Object.fromEntries(runtime.capabilities.map((capability) => [capability.name, capability.risk]));

    expect(risks).toMatchObject({
      'mcp.github.create_comment': 'low', // an exact name, registered when governed
      'mcp.github.create_issue': 'high',
      'mcp.github.list_issues': 'low',
    });
    await client.callTool({ name: 'list_secret_keys', arguments: { repo: 'brane' } });
    expect(runtime.capabilities.find((capability) => capability.name === 'mcp.github.list_secret_keys')?.risk).toBe(
      'low',
    );
  });

  it('registers the tools it names exactly when it governs the client, so runtime.validate sees them', async () => {
    const { runtime } = await github();
    runtime.beforeCapability('mcp.github.create_comment', function comments() {
      return Decision.allow();
    });

    expect(runtime.validate().problems).toEqual([]);
  });

  it('sends calls to an ungoverned tool as they are', async () => {
    const { runtime, call, received } = await github();
    runtime.beforeCapability('*', function denyEverything() {
      return Decision.deny('Closed');
    });

    expect((await call('get_me')).content).toEqual([{ type: 'text', text: 'ada' }]);
    expect(received).toHaveLength(1);
  });

  it('lets errors that are not Brane decisions through, as the SDK raises them', async () => {
    const { client } = await github();
    await client.close();

    await expect(client.callTool({ name: 'create_issue', arguments: { repo: 'brane' } })).rejects.toThrow(
      'Not connected',
    );
  });
});

describe('governMcpClient refuses', () => {
  it.each([
    ['governMcpClient: expected an MCP `Client` (got a plain object)', {}, { server: 'github' }, BraneError],
    ['`server` must be a name of letters, digits', undefined, { server: '' }, ConfigurationError],
    [
      'unknown option `context` (known: `server`, `tools`)',
      undefined,
      { server: 'github', context: () => ({}) },
      ConfigurationError,
    ],
    [
      '`type` cannot be set for an MCP tool',
      undefined,
      { server: 'github', tools: { x: { type: 'tool' } } },
      ConfigurationError,
    ],
    ['unknown option `level`', undefined, { server: 'github', tools: { 'x*': { level: 'high' } } }, ConfigurationError],
  ])('%s', async (message, target, options, type) => {
    const client: unknown = target ?? (await connect(new McpServer({ name: 'github', version: '1.0.0' })));
    const govern = () => governMcpClient(client as never, new Runtime(), options as GovernMcpClientOptions);
    expect(govern).toThrow(type);
    expect(govern).toThrow(message);
  });

  it('a client governed twice', async () => {
    const { client } = await github();
    expect(() => governMcpClient(client, new Runtime(), { server: 'github' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_GOVERNED' }) as Error,
    );
  });

  it('a call without a tool name, and task-based calls it cannot govern', async () => {
    const { client } = await github();
    for (const [params, got] of [
      [{}, 'a name `undefined`'],
      [undefined, 'a name `undefined`'],
      [null, 'a name `undefined`'],
      [{ name: 7 }, 'a name `7`'],
    ] as const) {
      let call: Promise<unknown> | undefined;
      expect(() => (call = client.callTool(params as never))).not.toThrow(); // async, as callTool is: it rejects
      await expect(call).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: `callTool: expected \`{ name, arguments }\` (got ${got})`,
      });
    }
    expect(() => client.experimental.tasks.callToolStream({ name: 'create_issue' })).toThrow(
      'task-based tool calls (experimental.tasks.callToolStream) are not governed by @brane/mcp',
    );
  });
});
