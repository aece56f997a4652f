import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxConstraints } from '@brane/decisions';
import { BraneError, SandboxViolationError } from '@brane/errors';
import { createSandboxFetch } from '../../src/sandbox/createSandboxFetch.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A local HTTP server that records what it receives. Routes: `/ok`, `/redirect`, `/loop`, `/slow`, `/echo`. */
class TestServer {
  readonly received: Received[] = [];
  readonly #server: Server;
  #origin = '';

  constructor(readonly name: string) {
    this.#server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        this.#respond(new URL(req.url ?? '/', this.origin), body, req, res);
      });
    });
  }

  get origin(): string {
    return this.#origin;
  }

  get port(): string {
    return new URL(this.#origin).port;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#origin = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #respond(url: URL, body: string, req: IncomingMessage, res: ServerResponse): void {
    const status = Number(url.searchParams.get('status') ?? '302');
    switch (url.pathname) {
      case '/ok':
        res.end(`ok from ${this.name}`);
        return;
      case '/redirect':
        res.writeHead(status, { location: url.searchParams.get('to') ?? '/ok' }).end('moved');
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/slow':
        return; // never answers: only an abort ends the request
      case '/echo':
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, body, headers: req.headers }));
        return;
      default:
        res.writeHead(404).end();
    }
  }
}

const a = new TestServer('a');
const b = new TestServer('b');
const forbidden = new TestServer('forbidden');
let constraints: SandboxConstraints;

beforeAll(async () => {
  await Promise.all([a.start(), b.start(), forbidden.start()]);
  // All three listen on 127.0.0.1; the allow list tells them apart by port.
  constraints = { network: { allowHosts: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`] } };
});

afterAll(async () => {
  await Promise.all([a.stop(), b.stop(), forbidden.stop()]);
});

beforeEach(() => {
  for (const server of [a, b, forbidden]) server.received.length = 0;
});

const sandboxFetch = (signal?: AbortSignal): typeof fetch =>
  createSandboxFetch({ capability: 'sync_invoices', constraints, ...(signal === undefined ? {} : { signal }) });

async function violation(promise: Promise<unknown>): Promise<SandboxViolationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxViolationError);
  const sandboxError = error as SandboxViolationError;
  expect(sandboxError.code).toBe('SANDBOX_VIOLATION');
  expect(sandboxError.kind).toBe('network');
  expect(sandboxError.capability).toBe('sync_invoices');
  expect(sandboxError.allowed).toEqual(constraints.network?.allowHosts);
  return sandboxError;
}

describe('createSandboxFetch', () => {
  it('fetches from an allowed host', async () => {
    const response = await sandboxFetch()(`${a.origin}/ok`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok from a');
    expect(response.redirected).toBe(false);
    expect(a.received).toHaveLength(1);
  });

  it('accepts a URL object and a Request', async () => {
    const fetch = sandboxFetch();
    expect(await (await fetch(new URL('/ok', a.origin))).text()).toBe('ok from a');
    const request = new Request(`${b.origin}/echo`, { method: 'PUT', body: 'hi', headers: { 'x-trace': '7' } });
    const echoed = (await (await fetch(request)).json()) as {
      method: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echoed).toMatchObject({ method: 'PUT', body: 'hi', headers: { 'x-trace': '7' } });
    await violation(fetch(new Request(`${forbidden.origin}/ok`)));
  });

  it('refuses a host that is not allowed before any request is made', async () => {
    const inner = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>();
    const fetch = createSandboxFetch({ capability: 'sync_invoices', constraints, fetch: inner });

    const byName = await violation(fetch(`http://localhost:${a.port}/ok`));
    expect(byName.target).toBe(`localhost:${a.port}`);
    expect(byName.message).toContain(`may not reach host \`localhost:${a.port}\``);
    // Same address, but a port the sandbox does not list.
    expect((await violation(fetch(`${forbidden.origin}/ok`))).target).toBe(`127.0.0.1:${forbidden.port}`);
    await violation(fetch('https://api.stripe.com/v1/charges'));

    expect(inner).not.toHaveBeenCalled();
    await violation(sandboxFetch()(`${forbidden.origin}/ok`));
    expect(forbidden.received).toHaveLength(0);
  });

  it.each(['file:///etc/passwd', 'data:text/plain,hello', 'ftp://127.0.0.1/x', 'blob:http://127.0.0.1/x'])(
    'refuses the scheme of %s',
    async (url) => {
      expect((await violation(sandboxFetch()(url))).target).toBe(url);
    },
  );

  it('refuses a redirect to a host that is not allowed, without following it', async () => {
    const to = `${forbidden.origin}/ok`;
    const error = await violation(sandboxFetch()(`${a.origin}/redirect?to=${encodeURIComponent(to)}`));
    expect(error.target).toBe(`127.0.0.1:${forbidden.port}`);
    expect(a.received).toHaveLength(1);
    expect(forbidden.received).toHaveLength(0);
  });

  it('refuses a redirect to another scheme', async () => {
    const error = await violation(
      sandboxFetch()(`${a.origin}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`),
    );
    expect(error.target).toBe('file:///etc/passwd');
  });

  it('follows redirects between allowed hosts, dropping credentials on a change of origin', async () => {
    const hop2 = `${b.origin}/redirect?to=${encodeURIComponent('/echo')}`;
    const response = await sandboxFetch()(`${a.origin}/redirect?to=${encodeURIComponent(hop2)}`, {
      headers: { authorization: 'Bearer secret', cookie: 'session=1', 'x-trace': 'abc' },
    });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    const echoed = (await response.json()) as { headers: Record<string, string> };
    expect(echoed.headers['x-trace']).toBe('abc');
    expect(echoed.headers).not.toHaveProperty('authorization');
    expect(echoed.headers).not.toHaveProperty('cookie');
    expect(a.received[0]?.headers.authorization).toBe('Bearer secret');
    expect(b.received.map((r) => r.url)).toEqual([`/redirect?to=%2Fecho`, '/echo']);
  });

  it('keeps credentials on a redirect within one origin', async () => {
    const response = await sandboxFetch()(`${a.origin}/redirect?to=/echo`, { headers: { authorization: 'Bearer s' } });
    const echoed = (await response.json()) as { headers: Record<string, string> };
    expect(echoed.headers.authorization).toBe('Bearer s');
  });

  it.each<[number, string, string]>([
    [301, 'GET', ''],
    [302, 'GET', ''],
    [303, 'GET', ''],
    [307, 'POST', 'payload'],
    [308, 'POST', 'payload'],
  ])('on a %i redirect, a POST with a string body is sent on as a %s with body %p', async (status, method, body) => {
    const response = await sandboxFetch()(`${a.origin}/redirect?status=${status}&to=/echo`, {
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'text/plain' },
    });
    const echoed = (await response.json()) as { method: string; body: string; headers: Record<string, string> };
    expect(echoed).toMatchObject({ method, body });
    expect(echoed.headers['content-type']).toBe(method === 'GET' ? undefined : 'text/plain');
  });

  it('keeps a PUT on a 302 and turns it into a GET on a 303', async () => {
    const put = (status: number) =>
      sandboxFetch()(`${a.origin}/redirect?status=${status}&to=/echo`, { method: 'PUT', body: 'doc' });
    expect(await (await put(302)).json()).toMatchObject({ method: 'PUT', body: 'doc' });
    expect(await (await put(303)).json()).toMatchObject({ method: 'GET', body: '' });
  });

  const streamBody = (): ReadableStream<Uint8Array> =>
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });

  it('refuses to resend a stream body on a 307', async () => {
    const sent = sandboxFetch()(`${a.origin}/redirect?status=307&to=/echo`, {
      method: 'POST',
      body: streamBody(),
      duplex: 'half',
    });
    await expect(sent).rejects.toThrow(TypeError);
    await expect(sent).rejects.toThrow(/a stream body cannot be sent twice/);
    expect(a.received.map((r) => r.url)).toEqual(['/redirect?status=307&to=/echo']);
  });

  it('sends a stream body once, and drops it on a 303', async () => {
    const direct = await sandboxFetch()(`${a.origin}/echo`, { method: 'POST', body: streamBody(), duplex: 'half' });
    expect(await direct.json()).toMatchObject({ method: 'POST', body: 'streamed' });
    const init = { method: 'POST', body: streamBody(), duplex: 'half' } as const;
    const redirected = await sandboxFetch()(`${a.origin}/redirect?status=303&to=/echo`, init);
    expect(await redirected.json()).toMatchObject({ method: 'GET', body: '' });
  });

  it('stops after 10 redirects', async () => {
    await expect(sandboxFetch()(`${a.origin}/loop`)).rejects.toThrow(/more than 10 redirects/);
    expect(a.received).toHaveLength(11);
  });

  it("honours the caller's redirect mode", async () => {
    const manual = await sandboxFetch()(`${a.origin}/redirect?to=/ok`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/ok');
    await expect(sandboxFetch()(`${a.origin}/redirect?to=/ok`, { redirect: 'error' })).rejects.toThrow(TypeError);
    expect(a.received).toHaveLength(2);
  });

  it('aborts the request when the sandbox signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('sandbox time limit');
    const pending = sandboxFetch(controller.signal)(`${a.origin}/slow`);
    await waitFor(() => a.received.length === 1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("still aborts on the caller's own signal", async () => {
    const sandbox = new AbortController();
    const caller = new AbortController();
    const pending = sandboxFetch(sandbox.signal)(`${a.origin}/slow`, { signal: caller.signal });
    await waitFor(() => a.received.length === 1);
    caller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
    expect(sandbox.signal.aborted).toBe(false);
  });

  it('makes no request once the sandbox signal has aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(sandboxFetch(controller.signal)(`${a.origin}/ok`)).rejects.toThrow('too late');
    expect(a.received).toHaveLength(0);
  });

  describe('without a network constraint', () => {
    it('reaches any host, like fetch', async () => {
      const fetch = createSandboxFetch({ capability: 'c', constraints: { timeoutMs: 1000 } });
      const response = await fetch(`${forbidden.origin}/redirect?to=/ok`);
      expect(await response.text()).toBe('ok from forbidden');
      expect(response.redirected).toBe(true);
    });

    it('still passes the sandbox signal', async () => {
      const controller = new AbortController();
      const fetch = createSandboxFetch({
        capability: 'c',
        constraints: { timeoutMs: 1000 },
        signal: controller.signal,
      });
      const pending = fetch(`${forbidden.origin}/slow`);
      await waitFor(() => forbidden.received.length === 1);
      controller.abort(new Error('time is up'));
      await expect(pending).rejects.toThrow('time is up');
    });

    it('passes the call to the injected fetch', async () => {
      const inner = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>(async () => new Response('stub'));
      const fetch = createSandboxFetch({ capability: 'c', constraints: {}, fetch: inner });
      expect(await (await fetch('file:///anything')).text()).toBe('stub');
      expect(inner).toHaveBeenCalledWith('file:///anything', {});
    });
  });

  const someConstraints = { network: { allowHosts: ['a.com'] } };
  it.each<[string, unknown, RegExp]>([
    ['no options', undefined, /expected options/],
    ['no capability', { constraints: someConstraints }, /`capability` must be a non-empty string/],
    ['no constraints', { capability: 'c' }, /`constraints` must be sandbox constraints/],
    [
      'a non-function fetch',
      { capability: 'c', constraints: someConstraints, fetch: 'x' },
      /`fetch` must be a function/,
    ],
    ['a non-signal', { capability: 'c', constraints: someConstraints, signal: {} }, /`signal` must be an AbortSignal/],
  ])('rejects %s', (_label, options, message) => {
    const create = () => createSandboxFetch(options as Parameters<typeof createSandboxFetch>[0]);
    expect(create).toThrow(BraneError);
    expect(create).toThrow(message);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
