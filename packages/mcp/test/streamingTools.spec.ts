// MCP returns one result per tool call: a streaming tool is refused when registered (issue 12, streaming).
import { Runtime } from '@brane/core';
import { ConfigurationError } from '@brane/errors';
import { governMcpServer } from '@brane/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from './support/zod.js';

function governedServer() {
  return governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), new Runtime(), { server: 'files' });
}

describe('a streaming tool on a governed MCP server', () => {
  it.each([
    [
      'async function*',
      async function* () {
        yield { content: [] };
      },
    ],
    [
      'function*',
      function* () {
        yield { content: [] };
      },
    ],
  ])('is refused at registration when its handler is an %s, naming the tool', (_kind, handler) => {
    const server = governedServer();
    const register = () => server.registerTool('tail_log', { inputSchema: { path: z.string() } }, handler as never);
    expect(register).toThrow(ConfigurationError);
    expect(register).toThrow(/tail_log.*does not stream tool output/);
  });

  it('is refused when a callback update makes it a generator', () => {
    const server = governedServer();
    const registered = server.registerTool('tail_log', { inputSchema: { path: z.string() } }, async () => ({
      content: [],
    }));
    expect(() => {
      registered.update({
        callback: async function* () {
          yield { content: [] };
        } as never,
      });
    }).toThrow(ConfigurationError);
  });

  it('cannot be declared `stream` in the tool rules', () => {
    expect(() =>
      governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), new Runtime(), {
        server: 'files',
        tools: { tail_log: { stream: true } as never },
      }),
    ).toThrow(/stream.*MCP does not stream tool output/);
  });
});
