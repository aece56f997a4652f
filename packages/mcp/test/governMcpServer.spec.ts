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
  type Transform,
} from '@brane/sdk';
import { governMcpServer, type GovernMcpServerOptions, type ToolExtra } from '@brane/mcp';
import { closeConnections, connect } from './support/connect.js';
import { z } from './support/zod.js';

interface Files {
  readonly runtime: Runtime;
  readonly server: McpServer;
  readonly client: Client;
  /** The paths each handler was called with, in order. */
  readonly ran: string[];
  readonly call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
}

/** A governed `files` server with three tools, and a real client connected to it. */
async function files(options: Partial<GovernMcpServerOptions> = {}): Promise<Files> {
  const runtime = new Runtime({
    agentId: 'files-server',
    environment: 'prod',
    tenantId: 'tenant_acme',
    approvals: { store: new InMemoryApprovalStore() },
  });
  const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
    server: 'files',
    tools: { 'delete_*': { risk: 'high', effect: { type: 'delete' } }, '*': { risk: 'low', effect: { type: 'read' } } },
    ...options,
  });
  const ran: string[] = [];
  server.registerTool('read_file', { inputSchema: { path: z.string() } }, async ({ path }: { path: string }) => {
    ran.push(`read ${path}`);
    const data = { path, owner: 'ada@example.com', text: 'hello' };
    return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
  });
  server.registerTool('delete_file', { inputSchema: { path: z.string() } }, async ({ path }: { path: string }) => {
    ran.push(`delete ${path}`);
    return { content: [{ type: 'text', text: `deleted ${path}` }] };
  });
  const client = await connect(server);
  const call = (name: string, args: Record<string, unknown> = { path: '/notes/a.txt' }) =>
    client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  return { runtime, server, client, ran, call };
}

afterEach(closeConnections);

describe('governMcpServer', () => {
  it('governs each tool as capability mcp.<server>.<tool>, with the metadata of its rule', async () => {
    const { runtime, call, ran } = await files();
    const seen: unknown[] = [];
    runtime.beforeCapability('mcp.files.read_file', function readPolicy(ctx: PolicyContext) {
      seen.push(ctx.arg('path'), ctx.capability.type, ctx.capability.risk);
      return Decision.allow();
    });

    const result = await call('read_file');

    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ path: '/notes/a.txt', owner: 'ada@example.com', text: 'hello' });
    expect(seen).toEqual(['/notes/a.txt', 'mcp', 'low']);
    expect(ran).toEqual(['read /notes/a.txt']);
    const deleteFile = runtime.capabilities.find((capability) => capability.name === 'mcp.files.delete_file');
    expect(deleteFile).toMatchObject({ type: 'mcp', risk: 'high', effect: { type: 'delete' }, params: undefined });
  });

  it('turns a deny into a tool error result that carries the reason; the handler never runs', async () => {
    const { runtime, call, ran } = await files();
    runtime.beforeCapability('mcp.files.delete_file', { name: 'no_deletes', version: '2' }, () =>
      Decision.deny('Deleting files is not allowed in prod'),
    );

    const result = await call('delete_file');

    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Denied by policy: Deleting files is not allowed in prod' }],
      _meta: {
        brane: {
          code: 'CAPABILITY_DENIED',
          decision: 'deny',
          capability: 'mcp.files.delete_file',
          actionId: expect.any(String) as string,
          reason: 'Deleting files is not allowed in prod',
          policy: 'no_deletes',
          policyVersion: '2',
          stage: 'before',
        },
      },
    });
    expect(ran).toEqual([]);
  });

  it('bounds a deny reason that quotes a 5 MB argument, in the text and in _meta (security review, finding 10)', async () => {
    const { runtime, call } = await files();
    runtime.beforeCapability('mcp.files.read_file', { name: 'quotes_path' }, (ctx) =>
      Decision.deny(`No file ${String(ctx.arg('path'))}`),
    );
    const path = 'p'.repeat(5_000_000);

    const result = await call('read_file', { path });

    const reason = `No file ${path.slice(0, 1992)} … [cut 4,998,008 characters]`;
    expect(result.content).toEqual([
      {
        type: 'text',
        text: expect.stringMatching(/^Denied by policy: No file p+ … \[cut 4,998,026 characters\]$/) as string,
      },
    ]);
    expect((result._meta?.['brane'] as { reason: string }).reason).toBe(reason);
    expect(JSON.stringify(result).length).toBeLessThan(5_000);
  });

  it('withholds the output on an after-stage deny, and says the tool ran', async () => {
    const { runtime, call, ran } = await files();
    runtime.afterCapability('mcp.files.read_file', function noSecrets() {
      return Decision.deny('The file holds a secret');
    });

    const result = await call('read_file');

    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'The tool ran, but policy withheld its output: The file holds a secret' },
    ]);
    expect(result._meta?.brane).toMatchObject({ decision: 'deny', stage: 'after', policy: 'noSecrets' });
    expect(ran).toEqual(['read /notes/a.txt']);
  });

  it('turns an approval request into a result with the approval id; once approved, resume runs the tool', async () => {
    const { runtime, call, ran } = await files();
    runtime.beforeCapability('mcp.files.delete_file', function deletesNeedApproval(ctx: PolicyContext) {
      if (ctx.approval !== undefined) return Decision.allow();
      return Decision.requireApproval({ approverGroup: 'storage-admins', reason: 'Deleting a file' });
    });

    const result = await call('delete_file');

    const approval = (result._meta?.brane as { approval: { approvalId: string; expiresAt: string } }).approval;
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      {
        type: 'text',
        text: `Approval required; the call has not run. Approval ${approval.approvalId} is pending with storage-admins until ${approval.expiresAt}. Reason: Deleting a file`,
      },
    ]);
    expect(result._meta?.brane).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      decision: 'approval_required',
      capability: 'mcp.files.delete_file',
      approval: { approverGroups: ['storage-admins'], reason: 'Deleting a file' },
    });
    expect(ran).toEqual([]);

    await runtime.approvals.approve(approval.approvalId, { approver: 'sam@ops' });
    const resumed = await runtime.resume(approval.approvalId);

    expect(resumed).toEqual({ content: [{ type: 'text', text: 'deleted /notes/a.txt' }] });
    expect(ran).toEqual(['delete /notes/a.txt']);
  });

  it('keeps the request open until an approver decides, on a runtime that waits for approvals', async () => {
    const runtime = new Runtime({ approvals: { store: new InMemoryApprovalStore(), wait: true, pollIntervalMs: 5 } });
    const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, { server: 'files' });
    server.registerTool('wipe', {}, () => ({ content: [{ type: 'text', text: 'wiped' }] }));
    runtime.beforeCapability('mcp.files.wipe', function ask(ctx: PolicyContext) {
      return ctx.approval === undefined
        ? Decision.requireApproval({ approverGroup: 'ops', reason: 'Wipe' })
        : Decision.allow();
    });
    const client = await connect(server);

    const pending = client.callTool({ name: 'wipe' });
    let requests: { id: string }[] = [];
    while (requests.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      requests = [...(await runtime.approvals.list({ state: 'pending' }))];
    }
    await runtime.approvals.approve(requests[0]!.id, { approver: 'sam@ops' });

    expect(await pending).toEqual({ content: [{ type: 'text', text: 'wiped' }] });
  });

  it('redacts the output, and its JSON copy in a text block with it', async () => {
    const { runtime, call } = await files();
    runtime.afterCapability('mcp.files.read_file', function maskOwner() {
      return Decision.redact(['structuredContent.owner']);
    });

    const result = await call('read_file');

    const redacted = { path: '/notes/a.txt', owner: '[REDACTED]', text: 'hello' };
    expect(result.structuredContent).toEqual(redacted);
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(redacted) }]);
  });

  it('gives the handler the arguments a transform_input decision left', async () => {
    const { runtime, call, ran } = await files();
    runtime.beforeCapability('mcp.files.read_file', function confine(ctx: PolicyContext) {
      return Decision.transformInput({ patch: { path: `/sandbox${ctx.arg<string>('path')}` } });
    });

    await call('read_file');

    expect(ran).toEqual(['read /sandbox/notes/a.txt']);
  });

  it('denies a transform_input naming a key the tool input schema does not declare (security review, finding 11)', async () => {
    const { runtime, call, ran } = await files();
    let transform: Transform = { patch: { nope: 1 } };
    runtime.beforeCapability('mcp.files.read_file', { name: 'rewrite' }, () => Decision.transformInput(transform));

    const patched = await call('read_file');
    transform = { replace: { nope: 1 } };
    const replaced = await call('read_file');

    for (const result of [patched, replaced]) {
      expect(result.isError).toBe(true);
      expect((result._meta?.['brane'] as { reason: string }).reason).toMatch(
        /names `nope`, which is not a key of `mcp\.files\.read_file` \(its keys: path\)/,
      );
    }
    expect(ran).toEqual([]);
  });

  it('checks a transform against the input schema as it is now, after update({ paramsSchema })', async () => {
    const { runtime, server, client } = await files();
    const seen: unknown[] = [];
    const registered = server.registerTool('find', { inputSchema: { path: z.string() } }, (input: object) => {
      seen.push(input);
      return { content: [] };
    });
    runtime.beforeCapability('mcp.files.find', { name: 'deep' }, () =>
      Decision.transformInput({ patch: { depth: 2 } }),
    );

    expect((await client.callTool({ name: 'find', arguments: { path: '/' } })).isError).toBe(true);
    registered.update({ paramsSchema: { path: z.string(), depth: z.number().optional() } });
    expect((await client.callTool({ name: 'find', arguments: { path: '/' } })).isError).toBeFalsy();
    expect(seen).toEqual([{ path: '/', depth: 2 }]);
  });

  it('runs another tool of the server instead on a route decision', async () => {
    const { runtime, server, call, ran } = await files();
    server.registerTool('archive_file', { inputSchema: { path: z.string() } }, ({ path }: { path: string }) => {
      ran.push(`archive ${path}`);
      return { content: [{ type: 'text', text: `archived ${path}` }] };
    });
    runtime.beforeCapability('mcp.files.delete_file', function archiveInstead() {
      return Decision.route({ capability: 'mcp.files.archive_file' });
    });

    expect((await call('delete_file')).content).toEqual([{ type: 'text', text: 'archived /notes/a.txt' }]);
    expect(ran).toEqual(['archive /notes/a.txt']);
  });

  it('aborts the signal in extra when a sandbox time limit runs out', async () => {
    const { runtime, server, client } = await files();
    let signal: AbortSignal | undefined;
    server.registerTool('slow', {}, (extra: ToolExtra) => {
      signal = extra.signal;
      return new Promise<CallToolResult>(() => undefined);
    });
    runtime.beforeCapability('mcp.files.slow', function limitTime() {
      return Decision.sandbox({ timeoutMs: 20 });
    });

    const result = (await client.callTool({ name: 'slow' })) as CallToolResult;

    expect(result.isError).toBe(true);
    expect(result._meta?.brane).toMatchObject({ code: 'SANDBOX_TIMEOUT', capability: 'mcp.files.slow' });
    expect(signal?.aborted).toBe(true);
  });

  it('runs each call under the identity `context` finds in the request', async () => {
    const runtime = new Runtime({ agentId: 'files-server', tenantId: 'tenant_acme' });
    const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
      server: 'files',
      context: (extra) => ({ principalId: extra.authInfo?.clientId }),
    });
    server.registerTool('whoami', {}, () => ({ content: [{ type: 'text', text: 'you' }] }));
    const principals: unknown[] = [];
    runtime.beforeCapability('mcp.files.whoami', function record(ctx: PolicyContext) {
      principals.push(ctx.principalId);
      return Decision.allow();
    });
    const client = await connect(server, { clientId: 'user_42', token: 't' });

    await client.callTool({ name: 'whoami' });

    expect(principals).toEqual(['user_42']);
  });

  it('governs tools registered with the deprecated `tool`, with and without arguments', async () => {
    const { runtime, server, client } = await files();
    const ran: unknown[] = [];
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the deprecated API is governed too
    server.tool('stat', { path: z.string() }, ({ path }: { path: string }) => {
      ran.push(path);
      return { content: [{ type: 'text', text: 'ok' }] };
    });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the deprecated API is governed too
    server.tool('ping', 'Checks the server', () => {
      ran.push('ping');
      return { content: [{ type: 'text', text: 'pong' }] };
    });
    runtime.beforeCapability(['mcp.files.stat', 'mcp.files.ping'], denyAll);

    const results = [
      await client.callTool({ name: 'stat', arguments: { path: '/a' } }),
      await client.callTool({ name: 'ping' }),
    ];

    expect(results.map((result) => result.isError)).toEqual([true, true]);
    expect(ran).toEqual([]);
    runtime.unuse(denyAll);
    expect((await client.callTool({ name: 'ping' })).content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(ran).toEqual(['ping']);
    function denyAll(): Decision {
      return Decision.deny('Closed');
    }
  });

  it('leaves a tool whose rule is `false` ungoverned', async () => {
    const { runtime, server, client } = await files({ tools: { health: false } });
    server.registerTool('health', {}, () => ({ content: [{ type: 'text', text: 'ok' }] }));
    runtime.beforeCapability('*', function denyEverything() {
      return Decision.deny('Closed');
    });

    expect((await client.callTool({ name: 'health' })).content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(runtime.capabilities.map((capability) => capability.name)).not.toContain('mcp.files.health');
  });

  it('keeps a tool governed through update({ callback }), and after it is removed and registered again', async () => {
    const { runtime, server, client } = await files();
    const ran: string[] = [];
    const purge = () => {
      ran.push('purge');
      return { content: [] };
    };
    runtime.beforeCapability('mcp.files.purge', function noPurge() {
      return Decision.deny('No purging');
    });
    const registered = server.registerTool('purge', {}, () => ({ content: [] }));
    registered.update({ callback: purge });

    expect((await client.callTool({ name: 'purge' })).isError).toBe(true);
    registered.remove();
    const again = server.registerTool('purge', {}, purge);
    expect((await client.callTool({ name: 'purge' })).isError).toBe(true);
    expect(ran).toEqual([]);
    expect(() => {
      again.update({ name: 'vacuum' });
    }).toThrow('tool `purge` cannot be renamed on a governed server; remove it and register it as `vacuum`');
  });

  it('returns the SDK error result when the handler itself fails', async () => {
    const { server, client } = await files();
    server.registerTool('broken', {}, () => {
      throw new Error('disk on fire');
    });

    expect(await client.callTool({ name: 'broken' })).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'disk on fire' }],
    });
  });

  it('returns a deny or approval result that an output schema does not reject', async () => {
    const { runtime, server, client } = await files();
    server.registerTool('count', { outputSchema: { count: z.number() } }, () => ({
      content: [{ type: 'text', text: '1' }],
      structuredContent: { count: 1 },
    }));
    runtime.beforeCapability('mcp.files.count', function ask() {
      return Decision.requireApproval({ approverGroup: 'ops', reason: 'Counting' });
    });
    await client.listTools(); // caches the output schema validator

    const result = await client.callTool({ name: 'count' });

    expect(result._meta?.brane).toMatchObject({ code: 'APPROVAL_REQUIRED' });
  });
});

describe('governMcpServer refuses', () => {
  const runtime = new Runtime();
  const fresh = () => new McpServer({ name: 'files', version: '1.0.0' });

  it.each([
    ['governMcpServer: expected an `McpServer` (got `null`)', null, { server: 'files' }, BraneError],
    ['governMcpServer: expected options with a `server` name', fresh(), undefined, BraneError],
    ['`server` must be a name of letters, digits', fresh(), { server: 'my files' }, ConfigurationError],
    ['`server` must be a name of letters, digits', fresh(), { server: 'a.b' }, ConfigurationError],
    [
      'unknown option `tool` (known: `server`, `tools`, `context`)',
      fresh(),
      { server: 'files', tool: {} },
      ConfigurationError,
    ],
    ['`context` must be a function', fresh(), { server: 'files', context: 'user' }, ConfigurationError],
    ['tools["x"]: `risk`', fresh(), { server: 'files', tools: { x: { risk: 'extreme' } } }, ConfigurationError],
    ['tools["x"]: `name` cannot be set', fresh(), { server: 'files', tools: { x: { name: 'y' } } }, ConfigurationError],
    ['expected capability options or `false`', fresh(), { server: 'files', tools: { x: 'high' } }, ConfigurationError],
    ['must be non-empty, without spaces', fresh(), { server: 'files', tools: { 'a b': {} } }, ConfigurationError],
  ])('%s', (message, server, options, type) => {
    const govern = () => governMcpServer(server as McpServer, runtime, options as GovernMcpServerOptions);
    expect(govern).toThrow(type);
    expect(govern).toThrow(message);
  });

  it('a runtime that is not a Brane Runtime', () => {
    expect(() => governMcpServer(fresh(), {} as never, { server: 'files' })).toThrow(
      'governMcpServer: expected a Brane `Runtime` (got a plain object)',
    );
  });

  it('a server governed twice', () => {
    const server = governMcpServer(fresh(), new Runtime(), { server: 'files' });
    expect(() => governMcpServer(server, new Runtime(), { server: 'files' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_GOVERNED' }) as Error,
    );
  });

  it('a server whose tools were registered before it was governed', () => {
    const server = fresh();
    server.registerTool('early', {}, () => ({ content: [] }));
    expect(() => governMcpServer(server, new Runtime(), { server: 'files' })).toThrow(
      'govern the server before registering its tools',
    );
  });

  it('task-based tools and tools without a handler, which it cannot govern', () => {
    const server = governMcpServer(fresh(), new Runtime(), { server: 'files' });
    expect(() =>
      server.experimental.tasks.registerToolTask(
        'job',
        {},
        { createTask: jest.fn(), getTask: jest.fn(), getTaskResult: jest.fn() },
      ),
    ).toThrow('task-based tools (experimental.tasks.registerToolTask) are not governed by @brane/mcp');
    expect(() => server.registerTool('x', {}, undefined as never)).toThrow(
      'a tool needs a name and a handler function (got `"x"` and `undefined`)',
    );
  });

  it('two servers of the same name on one runtime, at the second registration of a tool name', () => {
    const shared = new Runtime();
    governMcpServer(fresh(), shared, { server: 'files' }).registerTool('a', {}, () => ({ content: [] }));
    const second = governMcpServer(fresh(), shared, { server: 'files' });
    expect(() => second.registerTool('a', {}, () => ({ content: [] }))).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CAPABILITY' }) as Error,
    );
  });
});
