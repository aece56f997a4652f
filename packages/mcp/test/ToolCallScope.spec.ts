import { AsyncLocalStorage } from 'node:async_hooks';
import { ToolCallScope } from '../src/ToolCallScope.js';

describe('ToolCallScope', () => {
  it('gives each scope its own request, also when a call of one runs inside a call of another', async () => {
    const server = new ToolCallScope<string>();
    const client = new ToolCallScope<string>();
    const seen: (string | undefined)[] = [];

    await server.call('server request', async () => {
      await client.call('client request', async () => {
        await Promise.resolve();
        seen.push(server.request, client.request);
        return { content: [] };
      });
      seen.push(server.request, client.request);
      return { content: [] };
    });

    expect(seen).toStrictEqual(['server request', 'client request', 'server request', undefined]);
    expect(server.request).toBeUndefined();
  });

  it('shares one AsyncLocalStorage among all scopes (each storage slows every await of the process)', async () => {
    const scopes = Array.from({ length: 20 }, () => new ToolCallScope<number>());
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    try {
      for (const [index, scope] of scopes.entries()) await scope.call(index, () => ({ content: [] }));

      expect(run).toHaveBeenCalledTimes(20);
      expect(new Set(run.mock.contexts).size).toBe(1);
    } finally {
      run.mockRestore();
    }
  });
});
