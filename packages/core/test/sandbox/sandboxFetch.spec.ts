import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Decision } from '@brane/decisions';
import { SandboxViolationError } from '@brane/errors';
import { Capability, Runtime, sandboxFetch } from '@brane/core';

let server: Server;
let origin = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.end('pong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

class Fetcher {
  @Capability({ name: 'fetch_url', sandbox: { network: true } })
  async get(url: string): Promise<string> {
    return (await sandboxFetch(url)).text();
  }
}

function fetcher(allowHosts: readonly string[] | undefined): Fetcher {
  const runtime = new Runtime();
  if (allowHosts !== undefined) {
    runtime.beforeCapability('fetch_url', { name: 'hosts' }, () => Decision.sandbox({ network: { allowHosts } }));
  }
  return runtime.govern(new Fetcher());
}

describe('sandboxFetch', () => {
  it('reaches an allowed host from a sandboxed capability', async () => {
    await expect(fetcher(['127.0.0.1']).get(`${origin}/ping`)).resolves.toBe('pong');
  });

  it('refuses a host outside the sandbox before any request is made', async () => {
    const before = requests;
    const error = await fetcher(['api.example.com'])
      .get(`${origin}/ping`)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SandboxViolationError);
    expect(error).toMatchObject({ capability: 'fetch_url', kind: 'network', allowed: ['api.example.com'] });
    expect(requests).toBe(before);
  });

  it('is plain fetch outside a sandboxed action', async () => {
    await expect(fetcher(undefined).get(`${origin}/ping`)).resolves.toBe('pong');
    await expect(sandboxFetch(`${origin}/ping`).then((response) => response.text())).resolves.toBe('pong');
  });
});
